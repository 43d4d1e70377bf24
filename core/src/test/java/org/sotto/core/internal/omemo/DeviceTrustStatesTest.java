package org.sotto.core.internal.omemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.UndecryptableReason;
import org.sotto.core.api.event.ChatEncryptionChanged;
import org.sotto.core.api.event.DeviceAppeared;
import org.sotto.core.api.event.IdentityKeyChanged;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.store.StorePersistence;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.DeviceIdentity;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.TrustRecord;
import org.sotto.crypto.spi.OwnIdentity;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * Trust as the window sees it, between Sotto cores: alice on an encrypted profile, bob on a laptop and, later, a
 * phone. A new device of a contact with a verified device changes the chat's state (an event, although nothing asked
 * for that chat's state before); a message from a device alice distrusted is stored as E2EE_DISTRUSTED, apart from
 * undecided ones and never as trusted; a device that comes back with another identity key is refused and reported.
 */
class DeviceTrustStatesTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    static final Set<OmemoVersion> BOTH = EnumSet.allOf(OmemoVersion.class);

    @Test
    void aNewDeviceOfAVerifiedContactIsAnEventAndItsMessagesAreDistrustedOnceDistrusted(@TempDir Path temp) throws Exception {
        ProsodyServer server = PROSODY.server();
        String aliceJid = server.register("alice", "alice-pw");
        String bobJid = server.register("bob", "bob-pw");
        Path profile = temp.resolve("alice");
        StorePersistence store = StorePersistence.openOrCreate(profile, "alice's passphrase".toCharArray());
        TestSotto aliceDevice = new TestSotto(server, store, TestSotto.options(server));
        TestSotto bobLaptop = TestSotto.start(server);
        TestSotto bobPhone = TestSotto.start(server);
        TestSotto bobNewPhone = TestSotto.start(server);
        try {
            AccountSession alice = aliceDevice.sotto.accounts().add(aliceDevice.record(aliceJid), "alice-pw");
            OmemoService omemo = alice.enableOmemo(store.omemoStore(aliceJid), BOTH);
            online(alice);
            AccountSession bob = bobLaptop.sotto.accounts().add(bobLaptop.record(bobJid), "bob-pw");
            OmemoService laptopOmemo = bob.enableOmemo(new InMemoryOmemoStore(), BOTH);
            online(bob);
            OmemoTestSupport.mutualContacts(aliceDevice, alice, bobLaptop, bob); // device lists are pushed

            DeviceAddress laptop = new DeviceAddress(bobJid, laptopOmemo.ownDeviceId());
            Await.done(omemo.devices(bobJid));
            Await.done(omemo.decide(laptop, TrustLevel.VERIFIED));
            Await.done(bob.chats().send(aliceJid, "from the verified laptop"));
            assertEquals(Encryption.E2EE_VERIFIED, received(aliceDevice, "from the verified laptop").encryption());

            assertEquals(List.of(), aliceDevice.recorded(DeviceAppeared.class), "bob's first list announces nothing");

            // bob's phone publishes itself: the pushed list alone tells alice's window the next send needs a decision
            aliceDevice.clearEvents();
            AccountSession bobOnPhone = bobPhone.sotto.accounts().add(bobPhone.record(bobJid), "bob-pw");
            OmemoService phoneOmemo = bobOnPhone.enableOmemo(new InMemoryOmemoStore(), BOTH);
            online(bobOnPhone);
            ChatEncryptionChanged changed = aliceDevice.await(ChatEncryptionChanged.class, e -> e.peer().equals(bobJid));
            assertEquals(Encryption.E2EE_UNTRUSTED_DEVICES, changed.encryption(), aliceDevice.recorded(ChatEncryptionChanged.class).toString());
            assertEquals(aliceJid, changed.account());

            // distrusted: the chat is verified again (the phone gets no key), and the phone's message is labelled so
            DeviceAddress phone = new DeviceAddress(bobJid, phoneOmemo.ownDeviceId());
            assertEquals(new DeviceAppeared(aliceJid, bobJid, phone.deviceId()),
                    aliceDevice.await(DeviceAppeared.class, e -> e.jid().equals(bobJid)));
            List<TrustRecord> known = Await.done(omemo.devices(bobJid));
            assertEquals(TrustLevel.UNDECIDED, known.stream().filter(r -> r.device().equals(phone)).findFirst()
                    .orElseThrow(() -> new AssertionError(known.toString())).level());
            Await.done(omemo.decide(phone, TrustLevel.DISTRUSTED));
            aliceDevice.await(ChatEncryptionChanged.class, e -> e.peer().equals(bobJid) && e.encryption() == Encryption.E2EE_VERIFIED);
            Await.done(bobOnPhone.chats().send(aliceJid, "from the distrusted phone"));
            assertEquals(Encryption.E2EE_DISTRUSTED, received(aliceDevice, "from the distrusted phone").encryption());

            // the phone comes back with another identity key under the same device id: refused, and said so
            String knownKey = known.stream().filter(r -> r.device().equals(phone)).findFirst().orElseThrow()
                    .identity().display();
            bobPhone.close();
            InMemoryOmemoStore swappedKey = new InMemoryOmemoStore();
            swappedKey.storeOwnIdentity(new OwnIdentity(phone.deviceId(), DeviceIdentity.generate().seed()));
            AccountSession bobOnNewPhone = bobNewPhone.sotto.accounts().add(bobNewPhone.record(bobJid), "bob-pw");
            bobOnNewPhone.enableOmemo(swappedKey, BOTH);
            online(bobOnNewPhone);
            Await.done(bobOnNewPhone.chats().send(aliceJid, "from the same id with another key"));
            IdentityKeyChanged changedKey = aliceDevice.await(IdentityKeyChanged.class, e -> e.jid().equals(bobJid));
            assertEquals(aliceJid, changedKey.account());
            assertEquals(phone.deviceId(), changedKey.deviceId());
            assertEquals(knownKey, changedKey.knownFingerprint());
            assertNotEquals(knownKey, changedKey.presentedFingerprint());
            ChatMessage refused = aliceDevice.await(MessageAdded.class,
                    e -> e.message().peer().equals(bobJid) && e.message().undecryptable().isPresent()).message();
            assertEquals(Optional.of(UndecryptableReason.IDENTITY_CHANGED), refused.undecryptable());
            assertEquals("", refused.body(), "never the fallback text");
            Await.done(omemo.devices(bobJid)); // builds no session with the new key
            assertEquals(knownKey, omemo.trust().trust(phone).orElseThrow().identity().display(),
                    "the key on record stays");
        } finally {
            aliceDevice.close();
            store.close();
            bobLaptop.close();
            bobPhone.close();
            bobNewPhone.close();
        }

        // as stored in the profile
        try (StorePersistence reopened = StorePersistence.openOrCreate(profile, "alice's passphrase".toCharArray())) {
            List<ChatMessage> history = reopened.messages().history(aliceJid, bobJid, Optional.empty(), 10);
            assertEquals(List.of(Encryption.E2EE_VERIFIED, Encryption.E2EE_DISTRUSTED, Encryption.UNDECRYPTABLE),
                    history.stream().map(ChatMessage::encryption).toList(), history.toString());
        }
    }

    private static void online(AccountSession session) {
        assertInstanceOf(ConnectionState.Online.class,
                session.connect().orTimeout(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS).join());
    }

    private static ChatMessage received(TestSotto device, String body) {
        return device.await(MessageAdded.class, e -> e.message().body().equals(body)).message();
    }
}
