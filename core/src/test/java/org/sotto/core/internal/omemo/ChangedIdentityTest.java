package org.sotto.core.internal.omemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.SendException;
import org.sotto.core.api.event.IdentityKeyChanged;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.trust.Device;
import org.sotto.core.api.trust.Trust;
import org.sotto.core.api.trust.TrustDecision;
import org.sotto.core.api.trust.TrustException;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.crypto.DeviceIdentity;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.spi.OwnIdentity;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * Accepting a changed identity key through the API ({@link Trust#acceptChangedIdentity}): bob's verified phone is
 * reinstalled under the same device id with a new key. Until alice accepts, the new key is refused and the device
 * gets nothing from her (no send goes to the old key's session); a fingerprint
 * that is not the one the device publishes changes nothing; once accepted the device has the new key, undecided
 * (neither verified nor trusted), its messages decrypt as from an undecided device, and alice's send waits for
 * her decision, after which the reinstalled phone reads it.
 */
class ChangedIdentityTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    static final Set<OmemoVersion> BOTH = EnumSet.allOf(OmemoVersion.class);

    @Test
    void aChangedKeyIsAcceptedOnlyDeliberatelyAndThenIsUndecidedWithAFreshSession() throws Exception {
        ProsodyServer server = PROSODY.server();
        String aliceJid = server.register("alice", "alice-pw");
        String bobJid = server.register("bob", "bob-pw");
        TestSotto aliceDevice = TestSotto.start(server);
        TestSotto bobPhone = TestSotto.start(server);
        TestSotto bobReinstalled = TestSotto.start(server);
        try {
            AccountSession alice = aliceDevice.sotto.accounts().add(aliceDevice.record(aliceJid), "alice-pw");
            alice.enableOmemo(new InMemoryOmemoStore(), BOTH);
            online(alice);
            AccountSession bob = bobPhone.sotto.accounts().add(bobPhone.record(bobJid), "bob-pw");
            OmemoService phoneOmemo = bob.enableOmemo(new InMemoryOmemoStore(), BOTH);
            online(bob);
            OmemoTestSupport.mutualContacts(aliceDevice, alice, bobPhone, bob);
            Trust trust = alice.trust();
            int phone = phoneOmemo.ownDeviceId();
            String oldKey = bob.trust().ownFingerprint();
            Await.done(trust.refresh(bobJid));
            Await.done(trust.decide(bobJid, phone, TrustDecision.VERIFIED));
            Await.done(bob.chats().send(aliceJid, "before the reinstall"));
            assertEquals(Encryption.E2EE_VERIFIED, received(aliceDevice, "before the reinstall").encryption());

            // the phone is reinstalled: same device id, new identity key; its message is refused and reported
            bobPhone.close();
            InMemoryOmemoStore swapped = new InMemoryOmemoStore();
            swapped.storeOwnIdentity(new OwnIdentity(phone, DeviceIdentity.generate().seed()));
            AccountSession bobAgain = bobReinstalled.sotto.accounts().add(bobReinstalled.record(bobJid), "bob-pw");
            bobAgain.enableOmemo(swapped, BOTH);
            online(bobAgain);
            String newKey = bobAgain.trust().ownFingerprint();
            assertNotEquals(oldKey, newKey);
            Await.done(bobAgain.chats().send(aliceJid, "refused: the key changed"));
            IdentityKeyChanged changed = aliceDevice.await(IdentityKeyChanged.class, e -> e.jid().equals(bobJid));
            assertEquals(newKey, changed.presentedFingerprint());
            assertEquals(oldKey, changed.knownFingerprint());

            // meanwhile the device gets nothing: the old session is gone and the new key is refused again
            SendException noKey = failure(SendException.class,
                    () -> alice.chats().send(bobJid, "not for a refused key").join());
            assertEquals(SendException.Reason.NO_USABLE_DEVICES, noKey.reason());

            // a fingerprint that is not the one the device publishes: refused, nothing changed
            TrustException mismatch = failure(TrustException.class,
                    () -> trust.acceptChangedIdentity(bobJid, phone, trust.ownFingerprint()).join());
            assertEquals(TrustException.Reason.FINGERPRINT_MISMATCH, mismatch.reason());
            assertEquals(Optional.of(oldKey), device(trust, bobJid, phone).fingerprint());
            assertEquals(Optional.of(TrustDecision.VERIFIED), device(trust, bobJid, phone).trust());
            // a device without a key on record, and a fingerprint that is not one
            assertEquals(TrustException.Reason.UNKNOWN_DEVICE, failure(TrustException.class,
                    () -> trust.acceptChangedIdentity(bobJid, phone + 1, newKey).join()).reason());
            assertThrows(IllegalArgumentException.class, () -> trust.acceptChangedIdentity(bobJid, phone, "abc"));

            // accepted: the new key, undecided; the old session is gone, so the phone's next message decrypts
            Device accepted = Await.done(trust.acceptChangedIdentity(bobJid, phone, changed.presentedFingerprint()));
            assertEquals(Optional.of(newKey), accepted.fingerprint());
            assertEquals(Optional.of(TrustDecision.UNDECIDED), accepted.trust(), "never verified or trusted on its own");
            // (when the device last wrote may move meanwhile: the key, its trust and the device's state may not)
            Device again = Await.done(trust.acceptChangedIdentity(bobJid, phone, newKey));
            assertEquals(List.of(accepted.fingerprint(), accepted.trust(), accepted.active(), accepted.versions()),
                    List.of(again.fingerprint(), again.trust(), again.active(), again.versions()),
                    "accepting twice changes nothing");
            Await.done(bobAgain.chats().send(aliceJid, "after the reinstall"));
            ChatMessage after = received(aliceDevice, "after the reinstall");
            assertEquals(Encryption.E2EE_UNTRUSTED_DEVICES, after.encryption());
            assertEquals(Optional.of(phone), after.senderDevice());

            // alice's send waits for her decision about the new key, then the reinstalled phone reads it
            SendException blocked = failure(SendException.class,
                    () -> alice.chats().send(bobJid, "waits for a decision").join());
            assertEquals(SendException.Reason.TRUST_DECISION_NEEDED, blocked.reason());
            Await.done(trust.decide(bobJid, phone, TrustDecision.TRUSTED_BLIND));
            Await.done(alice.chats().send(bobJid, "to the new key"));
            assertEquals(Encryption.E2EE_TRUSTED, received(bobReinstalled, "to the new key").encryption());
        } finally {
            aliceDevice.close();
            bobPhone.close();
            bobReinstalled.close();
        }
    }

    private static Device device(Trust trust, String jid, int id) {
        return trust.knownDevices(jid).stream().filter(d -> d.deviceId() == id).findFirst().orElseThrow();
    }

    private static <T> T failure(Class<T> type, Runnable action) {
        CompletionException e = assertThrows(CompletionException.class, action::run);
        return assertInstanceOf(type, e.getCause());
    }

    private static void online(AccountSession session) {
        assertInstanceOf(ConnectionState.Online.class,
                session.connect().orTimeout(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS).join());
    }

    private static ChatMessage received(TestSotto device, String body) {
        return device.await(MessageAdded.class, e -> e.message().body().equals(body)).message();
    }
}
