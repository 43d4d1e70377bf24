package org.sotto.store.omemo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.crypto.AuthenticationFailedException;
import org.sotto.crypto.Bundle;
import org.sotto.crypto.DecryptedKey;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.DuplicateMessageException;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.OwnDevices;
import org.sotto.crypto.PayloadEncryption;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.omemo03.Omemo03Protocol;
import org.sotto.crypto.omemo2.Omemo2Protocol;
import org.sotto.crypto.spi.OmemoStore;
import org.sotto.store.Database;
import org.sotto.store.KdfParameters;
import org.sotto.store.Profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** crypto's real OMEMO 2 protocol running on the SQLite store, across closing and reopening the profile. */
class SqliteOmemo2StoreTest {
    private static final char[] PASSPHRASE = "omemo 2 on disk".toCharArray();
    private static final KdfParameters FAST = new KdfParameters(KdfParameters.MINIMUM_MEMORY_KIB, 1, 1);
    private static final OmemoVersion V2 = OmemoVersion.V2;

    @TempDir
    Path temp;

    private static OmemoStore store(Database db, String jid) {
        return db.omemo().forAccount(db.accounts().find(jid).orElseThrow().id());
    }

    private static Omemo2Protocol device(Database db, String jid) throws Exception {
        OmemoStore store = store(db, jid);
        return new Omemo2Protocol(jid, OwnDevices.loadOrCreate(store, Set.of()), store);
    }

    private record Sent(PayloadEncryption encryption, EncryptedKey key) {
    }

    private static Sent send(Omemo2Protocol from, DeviceAddress to, String text) throws Exception {
        PayloadEncryption encryption = from.encryptPayload(text.getBytes(StandardCharsets.UTF_8));
        return new Sent(encryption, from.encryptKey(to, encryption.keyMaterial()));
    }

    private static String receive(Omemo2Protocol to, DeviceAddress from, Sent sent) throws Exception {
        DecryptedKey decrypted = to.decryptKey(from, sent.key());
        return new String(to.decryptPayload(sent.encryption().payload(), decrypted.keyMaterial()),
                StandardCharsets.UTF_8);
    }

    @Test
    void omemo2SessionsPreKeysAndTrustSurviveClosingTheProfile() throws Exception {
        Path dir = temp.resolve("profile");
        DeviceAddress aliceDevice;
        DeviceAddress bobDevice;
        Bundle bobBundle;
        try (Profile profile = Profile.create(dir, PASSPHRASE.clone(), FAST)) {
            Database db = profile.database();
            db.accounts().add("alice@x.test", "pw", null);
            long bobAccount = db.accounts().add("bob@x.test", "pw", null).id();
            Omemo2Protocol alice = device(db, "alice@x.test");
            Omemo2Protocol bob = device(db, "bob@x.test");
            aliceDevice = alice.ownDevice();
            bobDevice = bob.ownDevice();

            alice.buildSession(bobDevice, bob.ownBundle());
            Sent first = send(alice, bobDevice, "first");
            assertTrue(first.key().preKey(), "a key exchange until bob answers");
            assertEquals(100, db.omemo().preKeys().list(bobAccount, OmemoVersion.V2).size());
            assertTrue(db.omemo().preKeys().list(bobAccount, OmemoVersion.V0_3).isEmpty(),
                    "each version its own prekeys");

            // a tampered key exchange fails and leaves bob's SQLite state as it was
            byte[] tampered = first.key().data();
            tampered[tampered.length - 1] ^= 1;
            assertThrows(AuthenticationFailedException.class,
                    () -> bob.decryptKey(aliceDevice, new EncryptedKey(bobDevice.deviceId(), tampered, true)));
            assertFalse(store(db, "bob@x.test").loadSession(aliceDevice, V2).isPresent());
            assertEquals(100, db.omemo().preKeys().list(bobAccount, OmemoVersion.V2).size());
            assertTrue(store(db, "bob@x.test").loadTrust(aliceDevice).isEmpty());

            assertEquals("first", receive(bob, aliceDevice, first));
            assertEquals(99, db.omemo().preKeys().list(bobAccount, OmemoVersion.V2).size(),
                    "the one-time prekey was used up");
            assertEquals("answer", receive(alice, bobDevice, send(bob, aliceDevice, "answer")));

            // a replayed message fails and leaves the stored session byte for byte
            Sent once = send(alice, bobDevice, "once");
            assertEquals("once", receive(bob, aliceDevice, once));
            byte[] session = store(db, "bob@x.test").loadSession(aliceDevice, V2).orElseThrow();
            assertThrows(DuplicateMessageException.class, () -> receive(bob, aliceDevice, once));
            assertArrayEquals(session, store(db, "bob@x.test").loadSession(aliceDevice, V2).orElseThrow());
            bobBundle = bob.ownBundle();
        }
        try (Profile profile = Profile.unlock(dir, PASSPHRASE.clone())) {
            Database db = profile.database();
            Omemo2Protocol alice = device(db, "alice@x.test");
            Omemo2Protocol bob = device(db, "bob@x.test");
            assertEquals(aliceDevice, alice.ownDevice(), "the own device was loaded, not created anew");
            assertEquals(bobDevice, bob.ownDevice());
            assertEquals(bobBundle, bob.ownBundle(), "the same signed prekey and prekeys are published");
            assertTrue(alice.hasSession(bobDevice));
            assertTrue(bob.hasSession(aliceDevice));
            assertEquals(TrustLevel.TRUSTED_BLIND, store(db, "bob@x.test").loadTrust(aliceDevice).orElseThrow().level());

            Sent afterRestart = send(alice, bobDevice, "after restart");
            assertFalse(afterRestart.key().preKey(), "the confirmation was stored: no key exchange any more");
            assertEquals("after restart", receive(bob, aliceDevice, afterRestart));
            assertEquals("and back", receive(alice, bobDevice, send(bob, aliceDevice, "and back")));

            // the same stored identity is the OMEMO 0.3 identity: one fingerprint per device
            OmemoStore aliceStore = store(db, "alice@x.test");
            assertEquals(alice.ownFingerprint(), new Omemo03Protocol("alice@x.test",
                    OwnDevices.loadOrCreate(aliceStore, Set.of()), aliceStore).ownFingerprint());
        }
    }
}
