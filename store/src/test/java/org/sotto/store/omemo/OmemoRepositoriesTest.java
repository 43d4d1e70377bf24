package org.sotto.store.omemo;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.Fingerprint;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.PendingTrustEntry;
import org.sotto.crypto.TrustLevel;
import org.sotto.store.KdfParameters;
import org.sotto.store.Profile;
import org.sotto.store.omemo.DeviceListRepository.Listed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OmemoRepositoriesTest {
    @Test
    void storesEveryKindOfOmemoState(@TempDir Path dir) {
        try (Profile profile = Profile.create(dir.resolve("p"), "pass".toCharArray(),
                new KdfParameters(KdfParameters.MINIMUM_MEMORY_KIB, 1, 1))) {
            long account = profile.database().accounts().add("me@example.org", "pw", null).id();
            OmemoRepositories omemo = profile.database().omemo();

            byte[] seed = new byte[32];
            seed[0] = 1;
            omemo.identities().save(new OwnIdentity(account, 4711, seed, Instant.ofEpochSecond(1)));
            OwnIdentity identity = omemo.identities().find(account).orElseThrow();
            assertEquals(4711, identity.deviceId());
            assertArrayEquals(seed, identity.identitySeed());
            assertFalse(identity.toString().contains("[1, 0"));

            for (int id = 1; id <= 100; id++) {
                omemo.preKeys().put(account, OmemoVersion.V2, new PreKey(id, new byte[] {(byte) id}, new byte[] {(byte) -id}));
            }
            omemo.preKeys().put(account, OmemoVersion.V0_3, new PreKey(42, new byte[] {1}, new byte[] {2}));
            assertTrue(omemo.preKeys().remove(account, OmemoVersion.V2, 42));
            assertFalse(omemo.preKeys().remove(account, OmemoVersion.V2, 42));
            assertFalse(omemo.preKeys().contains(account, OmemoVersion.V2, 42));
            assertTrue(omemo.preKeys().contains(account, OmemoVersion.V0_3, 42), "versions keep separate prekeys");
            PreKey seven = omemo.preKeys().find(account, OmemoVersion.V2, 7).orElseThrow();
            assertArrayEquals(new byte[] {7}, seven.privateKey());
            assertArrayEquals(new byte[] {-7}, seven.publicKey());
            assertEquals(99, omemo.preKeys().list(account, OmemoVersion.V2).size());
            assertEquals(100, omemo.preKeys().maxId(account, OmemoVersion.V2));

            omemo.signedPreKeys().put(account, OmemoVersion.V2, new SignedPreKey(2, new byte[] {9}, new byte[] {10}, new byte[64], Instant.ofEpochSecond(200)));
            omemo.signedPreKeys().put(account, OmemoVersion.V2, new SignedPreKey(1, new byte[] {8}, new byte[] {11}, new byte[64], Instant.ofEpochSecond(100)));
            assertEquals(List.of(1, 2), omemo.signedPreKeys().list(account, OmemoVersion.V2).stream().map(SignedPreKey::id).toList());
            assertTrue(omemo.signedPreKeys().list(account, OmemoVersion.V0_3).isEmpty());
            SignedPreKey two = omemo.signedPreKeys().find(account, OmemoVersion.V2, 2).orElseThrow();
            assertEquals(Instant.ofEpochSecond(200), two.createdAt());
            assertArrayEquals(new byte[] {10}, two.publicKey());
            assertTrue(omemo.signedPreKeys().remove(account, OmemoVersion.V2, 1));

            omemo.sessions().put(account, "bob@example.org", 11, OmemoVersion.V0_3, new byte[] {1});
            omemo.sessions().put(account, "bob@example.org", 11, OmemoVersion.V2, new byte[] {2});
            omemo.sessions().put(account, "bob@example.org", 11, OmemoVersion.V2, new byte[] {3});
            omemo.sessions().put(account, "bob@example.org", 12, OmemoVersion.V2, new byte[] {4});
            assertArrayEquals(new byte[] {1}, omemo.sessions().find(account, "bob@example.org", 11, OmemoVersion.V0_3).orElseThrow());
            assertArrayEquals(new byte[] {3}, omemo.sessions().find(account, "bob@example.org", 11, OmemoVersion.V2).orElseThrow());
            assertEquals(List.of(11, 12), omemo.sessions().deviceIds(account, "bob@example.org", OmemoVersion.V2));
            assertTrue(omemo.sessions().remove(account, "bob@example.org", 12, OmemoVersion.V2));
            assertEquals(2, omemo.sessions().removeAll(account, "bob@example.org"));

            omemo.devices().update(account, "bob@example.org", OmemoVersion.V2, List.of(new Listed(11, "phone", "c2ln"),
                    new Listed(12, "laptop", "c2ln")), Instant.ofEpochSecond(10));
            omemo.devices().update(account, "bob@example.org", OmemoVersion.V2, List.of(Listed.of(12)), Instant.ofEpochSecond(20));
            List<Device> all = omemo.devices().list(account, "bob@example.org", OmemoVersion.V2);
            assertEquals(List.of(new Device("bob@example.org", OmemoVersion.V2, 11, "phone", "c2ln", false, Instant.ofEpochSecond(10)),
                    new Device("bob@example.org", OmemoVersion.V2, 12, null, null, true, Instant.ofEpochSecond(20))), all,
                    "a label goes when the list no longer carries it");
            assertEquals(1, omemo.devices().active(account, "bob@example.org", OmemoVersion.V2).size());
            assertTrue(omemo.devices().list(account, "bob@example.org", OmemoVersion.V0_3).isEmpty());

            byte[] key1 = {5, 5, 5};
            byte[] key2 = {6, 6, 6};
            omemo.trust().set(account, "bob@example.org", 11, key1, TrustLevel.TRUSTED_BLIND);
            assertFalse(omemo.trust().anyVerified(account, "bob@example.org"));
            omemo.trust().set(account, "bob@example.org", 11, key1, TrustLevel.VERIFIED);
            omemo.trust().set(account, "bob@example.org", 11, key2, TrustLevel.UNDECIDED);
            assertTrue(omemo.trust().anyVerified(account, "bob@example.org"));
            assertEquals(TrustLevel.VERIFIED, omemo.trust().find(account, "bob@example.org", 11, key1).orElseThrow().state());
            assertEquals(2, omemo.trust().forDevice(account, "bob@example.org", 11).size());
            assertEquals(2, omemo.trust().forJid(account, "bob@example.org").size());
            assertArrayEquals(key2, omemo.trust().latest(account, "bob@example.org", 11).orElseThrow().identityKey());
            assertEquals(Optional.empty(), omemo.trust().blindTrust(account, "bob@example.org"));
            omemo.trust().setBlindTrust(account, "bob@example.org", false);
            omemo.trust().setBlindTrust(account, "bob@example.org", true);
            assertEquals(Optional.of(true), omemo.trust().blindTrust(account, "bob@example.org"));
            assertTrue(omemo.trust().defaultBlindTrust(account), "on unless turned off");
            omemo.trust().setDefaultBlindTrust(account, false);
            assertFalse(omemo.trust().defaultBlindTrust(account));
            assertFalse(omemo.trust().automaticTrust(account), "XEP-0450 is off unless turned on");
            omemo.trust().setAutomaticTrust(account, true);
            assertTrue(omemo.trust().automaticTrust(account));
            assertEquals(List.of("bob@example.org"), omemo.trust().jidsWithVerifiedDevices(account));

            DeviceAddress carolsPhone = new DeviceAddress("carol@example.org", 7);
            Fingerprint carolsKey = new Fingerprint(new byte[32]);
            PendingTrustEntry aboutBob = new PendingTrustEntry(carolsPhone, carolsKey, "bob@example.org", key32(1), true);
            PendingTrustEntry aboutCarol = new PendingTrustEntry(carolsPhone, carolsKey, "carol@example.org", key32(2), true);
            omemo.trust().keepPendingTrust(account, List.of(aboutBob, aboutCarol));
            PendingTrustEntry distrustBob = new PendingTrustEntry(carolsPhone, carolsKey, "bob@example.org", key32(1), false);
            omemo.trust().keepPendingTrust(account, List.of(distrustBob));
            assertEquals(List.of(distrustBob, aboutCarol), omemo.trust().pendingTrust(account),
                    "the same subject is replaced and keeps its place");
            omemo.trust().dropPendingTrust(account, List.of(aboutBob));
            assertEquals(List.of(aboutCarol), omemo.trust().pendingTrust(account));
            assertEquals(2, omemo.trust().removeDevice(account, "bob@example.org", 11));
            assertTrue(omemo.trust().latest(account, "bob@example.org", 11).isEmpty());
        }
    }

    private static byte[] key32(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }
}
