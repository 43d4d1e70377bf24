package org.sotto.apiclient;

import java.time.Duration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.trust.Device;
import org.sotto.core.api.trust.TrustDecision;
import org.sotto.core.api.trust.TrustException;
import org.sotto.core.testing.Await;
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
            assertEquals(java.util.Set.of("0.3", "2"), device.versions());

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
}
