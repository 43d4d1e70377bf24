package org.sotto.apiclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.NotConnectedException;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.CertificatePins;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.SendException;
import org.sotto.core.api.event.OmemoSendBlocked;
import org.sotto.core.api.trust.Device;
import org.sotto.core.api.trust.TrustDecision;
import org.sotto.core.api.trust.TrustException;
import org.sotto.core.api.trust.VerificationUri;
import org.sotto.core.internal.testing.Await;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** A trust dialog's work through the API alone, against a real server: fingerprints, URIs, decisions, states. */
class TrustApiTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private static Account online(SottoProfile profile, ProsodyServer server, String jid, String password) {
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort()), password);
        assertInstanceOf(ConnectionState.Online.class, account.connect().orTimeout(20, TimeUnit.SECONDS).join());
        return account;
    }

    private static <T> T failure(Class<T> type, Runnable action) {
        CompletionException e = assertThrows(CompletionException.class, action::run);
        return assertInstanceOf(type, e.getCause());
    }

    @Test
    void fingerprintsUrisAndDecisionsAsATrustDialogUsesThem() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");
        ProfileOptions options = ProfileOptions.defaults().withCertificateTrust(server.certificate().trustManager())
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).withConnectOnOpen(false);
        try (SottoProfile aliceProfile = Profiles.inMemory(options); SottoProfile bobProfile = Profiles.inMemory(options)) {
            Account a = online(aliceProfile, server, alice, "alice-pw");
            Account b = online(bobProfile, server, bob, "bob-pw");

            String bobsFingerprint = b.trust().ownFingerprint();
            assertTrue(bobsFingerprint.matches("([0-9a-f]{8} ){7}[0-9a-f]{8}"), bobsFingerprint);
            Device own = a.trust().knownDevices(alice).stream().filter(Device::thisDevice).findFirst().orElseThrow();
            assertEquals(Optional.of(a.trust().ownFingerprint()), own.fingerprint());
            assertEquals(Optional.empty(), own.trust());

            List<Device> bobs = a.trust().refresh(bob).join();
            assertEquals(1, bobs.size(), bobs.toString());
            Device device = bobs.get(0);
            assertEquals(Optional.of(bobsFingerprint), device.fingerprint(), "what bob's own screen shows");
            assertEquals(Optional.of(TrustDecision.TRUSTED_BLIND), device.trust());
            assertEquals(Set.of("0.3", "2"), device.versions());

            // a URI with another fingerprint for bob's device is refused and changes nothing
            String uri = b.trust().ownUri();
            String last = uri.substring(uri.length() - 1);
            String forged = uri.substring(0, uri.length() - 1) + (last.equals("0") ? "1" : "0");
            assertEquals(TrustException.Reason.FINGERPRINT_MISMATCH,
                    failure(TrustException.class, () -> a.trust().verify(forged).join()).reason());
            assertEquals(Optional.of(TrustDecision.TRUSTED_BLIND), a.trust().knownDevices(bob).get(0).trust());
            assertEquals(TrustException.Reason.MALFORMED_URI,
                    assertThrows(TrustException.class, () -> a.trust().verify("https://example.org")).reason());

            // bob's own URI (as scanned from his QR code) verifies his device, and the chat shows it
            List<Device> verified = a.trust().verify(uri).join();
            assertEquals(List.of(Optional.of(TrustDecision.VERIFIED)), verified.stream().map(Device::trust).toList());
            Await.until("the chat shows the verification",
                    () -> a.trust().encryptionState(bob).get() == Encryption.E2EE_VERIFIED);

            assertEquals(Optional.of(TrustDecision.DISTRUSTED),
                    a.trust().decide(bob, device.deviceId(), TrustDecision.DISTRUSTED).join().trust());
            assertEquals(TrustException.Reason.UNKNOWN_DEVICE,
                    failure(TrustException.class, () -> a.trust().decide(bob, 4242, TrustDecision.VERIFIED).join()).reason());
        }
    }

    @Test
    void aRefusedSendSaysWhyAndNamesTheDevicesWithTheirKeys() throws Exception {
        ProsodyServer server = PROSODY.server();
        String erin = server.register("erin", "erin-pw");
        String frank = server.register("frank", "frank-pw");
        String gina = server.register("gina", "gina-pw"); // never runs an OMEMO client
        ProfileOptions options = ProfileOptions.defaults().withCertificateTrust(server.certificate().trustManager())
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).withConnectOnOpen(false);
        try (SottoProfile erinProfile = Profiles.inMemory(options); SottoProfile frankLaptop = Profiles.inMemory(options);
             SottoProfile frankPhone = Profiles.inMemory(options)) {
            Account e = online(erinProfile, server, erin, "erin-pw");
            Account laptop = online(frankLaptop, server, frank, "frank-pw");
            Device own = e.trust().knownDevices(erin).stream().filter(Device::thisDevice).findFirst().orElseThrow();
            assertEquals(own.deviceId(), e.trust().ownDeviceId());

            SendException noDevices = failure(SendException.class, () -> e.chats().send(gina, "not in plaintext").join());
            assertEquals(SendException.Reason.NO_DEVICES, noDevices.reason());
            Await.done(e.drain());
            assertTrue(Await.done(e.chats().history(gina, Optional.empty(), 10)).isEmpty(), "nothing stored");

            // with frank's laptop verified, his new phone waits for erin's decision: the send names it with its key
            VerificationUri uri = VerificationUri.parse(laptop.trust().ownUri());
            assertEquals(frank, uri.jid());
            assertEquals(Map.of(laptop.trust().ownDeviceId(), laptop.trust().ownFingerprint()), uri.fingerprints());
            Await.done(e.trust().verify(laptop.trust().ownUri()));
            Await.done(laptop.disconnect());
            Account phone = online(frankPhone, server, frank, "frank-pw");
            // no presence subscription between them, so no device list pushes: erin looks until the phone is listed
            Await.until("erin sees frank's phone", () -> e.trust().refresh(frank).join().stream()
                    .anyMatch(d -> d.deviceId() == phone.trust().ownDeviceId()));
            BlockingQueue<OmemoSendBlocked> blocked = new LinkedBlockingQueue<>();
            erinProfile.subscribe(OmemoSendBlocked.class, Optional.of(erin), Runnable::run, blocked::addAll);
            SendException undecided = failure(SendException.class, () -> e.chats().send(frank, "wait for me").join());
            assertEquals(SendException.Reason.TRUST_DECISION_NEEDED, undecided.reason());
            assertEquals(1, undecided.devices().size(), undecided.devices().toString());
            Device waiting = undecided.devices().get(0);
            assertEquals(phone.trust().ownDeviceId(), waiting.deviceId());
            assertEquals(Optional.of(phone.trust().ownFingerprint()), waiting.fingerprint());
            assertEquals(Optional.of(TrustDecision.UNDECIDED), waiting.trust());
            OmemoSendBlocked event = blocked.poll(20, TimeUnit.SECONDS);
            assertEquals(SendException.Reason.TRUST_DECISION_NEEDED, event.reason());
            assertEquals(List.of(waiting), event.devices());

            Await.done(e.trust().decide(frank, waiting.deviceId(), TrustDecision.TRUSTED_BLIND));
            assertEquals(Encryption.E2EE_TRUSTED, Await.done(e.chats().send(frank, "now for both")).encryption());

            // without a connection: typed, not an English sentence to parse
            Await.done(e.disconnect());
            assertInstanceOf(NotConnectedException.class, assertThrows(CompletionException.class,
                    () -> e.trust().refresh(frank).join()).getCause());
            assertInstanceOf(NotConnectedException.class, assertThrows(CompletionException.class,
                    () -> e.trust().removeOwnDevice(4242).join()).getCause());
        }
    }

    @Test
    void automaticTrustSharesAScannedVerificationWithTheOwnVerifiedDevice() throws Exception {
        ProsodyServer server = PROSODY.server();
        String kim = server.register("kim", "kim-pw");
        String lee = server.register("lee", "lee-pw");
        ProfileOptions options = ProfileOptions.defaults().withCertificateTrust(server.certificate().trustManager())
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).withConnectOnOpen(false);
        try (SottoProfile kimLaptop = Profiles.inMemory(options); SottoProfile kimPhone = Profiles.inMemory(options);
             SottoProfile leeProfile = Profiles.inMemory(options)) {
            Account laptop = online(kimLaptop, server, kim, "kim-pw");
            Account phone = online(kimPhone, server, kim, "kim-pw");
            Account l = online(leeProfile, server, lee, "lee-pw");
            assertEquals(false, laptop.trust().automaticTrust(), "off unless turned on");
            Await.done(laptop.trust().setAutomaticTrust(true));
            Await.done(phone.trust().setAutomaticTrust(true));
            assertTrue(laptop.trust().automaticTrust());

            // kim's devices verify each other once, by their URIs
            Await.until("the laptop sees the phone", () -> laptop.trust().refresh(kim).join().stream()
                    .anyMatch(d -> d.deviceId() == phone.trust().ownDeviceId()));
            Await.until("the phone sees the laptop", () -> phone.trust().refresh(kim).join().stream()
                    .anyMatch(d -> d.deviceId() == laptop.trust().ownDeviceId()));
            Await.done(laptop.trust().verify(phone.trust().ownUri()));
            Await.done(phone.trust().verify(laptop.trust().ownUri()));
            Await.done(phone.trust().refresh(lee));

            // the laptop scans lee's code: the phone verifies lee's device by itself
            Await.done(laptop.trust().verify(l.trust().ownUri()));
            Await.until("the phone verified lee's device", () -> phone.trust().knownDevices(lee).stream()
                    .anyMatch(d -> d.deviceId() == l.trust().ownDeviceId()
                            && d.trust().equals(Optional.of(TrustDecision.VERIFIED))));
            assertEquals(false, phone.trust().blindTrust(lee), "as if the phone's user had verified it");
        }
    }

    @Test
    void blindTrustIsTheUsersChoiceAndEveryDeviceSaysWhenItLastWrote() throws Exception {
        ProsodyServer server = PROSODY.server();
        String hana = server.register("hana", "hana-pw");
        String ivan = server.register("ivan", "ivan-pw");
        String jo = server.register("jo", "jo-pw");
        ProfileOptions options = ProfileOptions.defaults().withCertificateTrust(server.certificate().trustManager())
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).withConnectOnOpen(false);
        try (SottoProfile hanaLaptop = Profiles.inMemory(options); SottoProfile hanaPhone = Profiles.inMemory(options);
             SottoProfile ivanProfile = Profiles.inMemory(options); SottoProfile joProfile = Profiles.inMemory(options)) {
            Account h = online(hanaLaptop, server, hana, "hana-pw");
            Account i = online(ivanProfile, server, ivan, "ivan-pw");
            assertTrue(h.trust().blindTrust(ivan));
            assertTrue(h.trust().defaultBlindTrust());

            // blind trust off for ivan: his device waits for hana's decision although none of his is verified
            Await.done(h.trust().setBlindTrust(ivan, false));
            assertEquals(false, h.trust().blindTrust(ivan));
            Device ivansDevice = h.trust().refresh(ivan).join().get(0);
            assertEquals(Optional.of(TrustDecision.UNDECIDED), ivansDevice.trust());
            assertEquals(SendException.Reason.TRUST_DECISION_NEEDED,
                    failure(SendException.class, () -> h.chats().send(ivan, "wait").join()).reason());

            // his message arrives, labelled with his device, which now says when it last wrote
            Await.done(i.chats().send(hana, "from ivan's only device"));
            Await.until("hana has ivan's message", () -> Await.done(h.chats().history(ivan, Optional.empty(), 10))
                    .stream().anyMatch(m -> m.body().equals("from ivan's only device")));
            ChatMessage received = Await.done(h.chats().history(ivan, Optional.empty(), 10)).get(0);
            assertEquals(Optional.of(i.trust().ownDeviceId()), received.senderDevice());
            assertEquals(Encryption.E2EE_UNTRUSTED_DEVICES, received.encryption());
            assertEquals(Optional.of(received.timestamp()), h.trust().knownDevices(ivan).get(0).lastMessage());

            // verifying turns blind trust off; the user may turn it on again
            Await.done(h.trust().setBlindTrust(ivan, true));
            Await.done(h.trust().verify(i.trust().ownUri()));
            assertEquals(false, h.trust().blindTrust(ivan), "verifying turns it off");
            Await.done(h.trust().setBlindTrust(ivan, true));
            assertTrue(h.trust().blindTrust(ivan));

            // the default for contacts without a choice
            Await.done(h.trust().setDefaultBlindTrust(false));
            assertEquals(false, h.trust().defaultBlindTrust());
            online(joProfile, server, jo, "jo-pw");
            assertEquals(Optional.of(TrustDecision.UNDECIDED), h.trust().refresh(jo).join().get(0).trust());

            // hana's own URI names this device first, then her other devices she verified
            Account phone = online(hanaPhone, server, hana, "hana-pw");
            Await.until("the laptop sees the phone", () -> h.trust().refresh(hana).join().stream()
                    .anyMatch(d -> d.deviceId() == phone.trust().ownDeviceId()));
            assertEquals(List.of(h.trust().ownDeviceId()),
                    List.copyOf(VerificationUri.parse(h.trust().ownUri()).fingerprints().keySet()), "not verified yet");
            Await.done(h.trust().verify(phone.trust().ownUri()));
            assertEquals(List.of(h.trust().ownDeviceId(), phone.trust().ownDeviceId()),
                    List.copyOf(VerificationUri.parse(h.trust().ownUri()).fingerprints().keySet()));
        }
    }

    @Test
    void uriAndPinAreCheckedWithoutAProfile() {
        assertEquals(TrustException.Reason.MALFORMED_URI,
                assertThrows(TrustException.class, () -> VerificationUri.parse("xmpp:bob@example.org?omemo-sid-1=nothex")).reason());
        String hex = "ab".repeat(32);
        assertEquals(hex.toUpperCase().replaceAll("(..)(?!$)", "$1:"), CertificatePins.normalize(hex));
        assertEquals(CertificatePins.normalize(hex), CertificatePins.normalize(hex.toUpperCase().replaceAll("(..)(?!$)", "$1 ")));
        assertThrows(IllegalArgumentException.class, () -> CertificatePins.normalize("not-hex"));
    }
}
