package org.sotto.store.omemo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.crypto.DecryptedKey;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.Fingerprint;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.OwnDevices;
import org.sotto.crypto.PayloadEncryption;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.TrustRecord;
import org.sotto.crypto.omemo03.Omemo03Protocol;
import org.sotto.crypto.spi.OmemoStore;
import org.sotto.store.Database;
import org.sotto.store.KdfParameters;
import org.sotto.store.Profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** crypto's real OMEMO 0.3 protocol running on the SQLite store, across closing and reopening the profile. */
class SqliteOmemoStoreTest {
    private static final char[] PASSPHRASE = "omemo on disk".toCharArray();
    private static final KdfParameters FAST = new KdfParameters(KdfParameters.MINIMUM_MEMORY_KIB, 1, 1);

    @TempDir
    Path temp;

    private static Omemo03Protocol device(Database db, String jid) throws Exception {
        long account = db.accounts().find(jid).orElseThrow().id();
        OmemoStore store = db.omemo().forAccount(account);
        return new Omemo03Protocol(jid, OwnDevices.loadOrCreate(store, Set.of()), store);
    }

    private static String deliver(Omemo03Protocol from, Omemo03Protocol to, String text) throws Exception {
        PayloadEncryption encryption = from.encryptPayload(text.getBytes(StandardCharsets.UTF_8));
        EncryptedKey key = from.encryptKey(to.ownDevice(), encryption.keyMaterial());
        DecryptedKey decrypted = to.decryptKey(from.ownDevice(), key);
        return new String(to.decryptPayload(encryption.payload(), decrypted.keyMaterial()), StandardCharsets.UTF_8);
    }

    @Test
    void sessionsSurviveClosingTheProfile() throws Exception {
        Path dir = temp.resolve("profile");
        DeviceAddress aliceDevice;
        DeviceAddress bobDevice;
        try (Profile profile = Profile.create(dir, PASSPHRASE.clone(), FAST)) {
            Database db = profile.database();
            db.accounts().add("alice@x.test", "pw", null);
            db.accounts().add("bob@x.test", "pw", null);
            Omemo03Protocol alice = device(db, "alice@x.test");
            Omemo03Protocol bob = device(db, "bob@x.test");
            aliceDevice = alice.ownDevice();
            bobDevice = bob.ownDevice();
            int bobPreKeys = bob.ownBundle().preKeys().size();
            alice.buildSession(bobDevice, bob.ownBundle());
            assertEquals("first", deliver(alice, bob, "first"));
            long bobAccount = db.accounts().find("bob@x.test").orElseThrow().id();
            assertEquals(bobPreKeys - 1, db.omemo().preKeys().list(bobAccount, OmemoVersion.V0_3).size(),
                    "the one-time prekey was used up");
        }
        try (Profile profile = Profile.unlock(dir, PASSPHRASE.clone())) {
            Database db = profile.database();
            Omemo03Protocol alice = device(db, "alice@x.test");
            Omemo03Protocol bob = device(db, "bob@x.test");
            assertEquals(aliceDevice, alice.ownDevice(), "the own device was loaded, not created anew");
            assertEquals(bobDevice, bob.ownDevice());
            assertTrue(bob.hasSession(aliceDevice));
            assertEquals("reply after restart", deliver(bob, alice, "reply after restart"));
            assertEquals("and on", deliver(alice, bob, "and on"));
        }
    }

    @Test
    void trustIsOneDecisionPerDeviceWithHistoryKept() {
        try (Profile profile = Profile.create(temp.resolve("trust"), PASSPHRASE.clone(), FAST)) {
            long account = profile.database().accounts().add("me@x.test", "pw", null).id();
            SqliteOmemoStore store = profile.database().omemo().forAccount(account);
            DeviceAddress bob1 = new DeviceAddress("bob@x.test", 1);
            Fingerprint oldKey = new Fingerprint(new byte[32]);
            byte[] newBytes = new byte[32];
            newBytes[0] = 1;
            Fingerprint newKey = new Fingerprint(newBytes);
            store.storeTrust(new TrustRecord(bob1, oldKey, TrustLevel.VERIFIED));
            store.storeTrust(new TrustRecord(bob1, newKey, TrustLevel.UNDECIDED));
            store.storeTrust(new TrustRecord(new DeviceAddress("bob@x.test", 2), oldKey, TrustLevel.TRUSTED_BLIND));
            assertEquals(new TrustRecord(bob1, newKey, TrustLevel.UNDECIDED), store.loadTrust(bob1).orElseThrow());
            assertEquals(2, store.loadTrust("bob@x.test").size());
            assertEquals(2, profile.database().omemo().trust().forDevice(account, "bob@x.test", 1).size());
            store.removeTrust(bob1);
            assertFalse(store.loadTrust(bob1).isPresent());
            assertEquals(List.of(new DeviceAddress("bob@x.test", 2)),
                    store.loadTrust("bob@x.test").stream().map(TrustRecord::device).toList());

            store.storeSession(bob1, OmemoVersion.V2, new byte[] {1});
            assertTrue(store.sessionDevices("bob@x.test", OmemoVersion.V0_3).isEmpty());
            assertEquals(List.of(bob1), store.sessionDevices("bob@x.test", OmemoVersion.V2));
            store.deleteSession(bob1, OmemoVersion.V2);
            assertTrue(store.loadSession(bob1, OmemoVersion.V2).isEmpty());
        }
    }
}
