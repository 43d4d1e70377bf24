package org.sotto.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;

class TrustManagerTest {
    private final InMemoryOmemoStore store = new InMemoryOmemoStore();
    private final TrustManager trust = new TrustManager(store);
    private final DeviceAddress juliet1 = new DeviceAddress("juliet@capulet.lit", 1);
    private final DeviceAddress juliet2 = new DeviceAddress("juliet@capulet.lit", 2);
    private final DeviceAddress juliet3 = new DeviceAddress("juliet@capulet.lit", 3);
    private final DeviceAddress romeo1 = new DeviceAddress("romeo@montague.lit", 1);

    private static Fingerprint key() {
        return DeviceIdentity.generate().fingerprint();
    }

    @Test
    void devicesAreTrustedBlindlyBeforeAnyIsVerified() throws Exception {
        assertEquals(TrustLevel.TRUSTED_BLIND, trust.observe(juliet1, key()));
        assertEquals(TrustLevel.TRUSTED_BLIND, trust.observe(juliet2, key()));
        SendPlan plan = trust.planSend(List.of(juliet1, juliet2));
        assertEquals(List.of(juliet1, juliet2), plan.recipients());
        assertTrue(plan.mayEncrypt());
    }

    @Test
    void aReplacedIdentityIsUndecidedAndTheOldKeyIsRefusedFromThen() throws Exception {
        Fingerprint old = key();
        Fingerprint reinstalled = key();
        trust.observe(juliet1, old);
        trust.decide(juliet1, old, TrustLevel.VERIFIED);
        assertThrows(IdentityChangedException.class, () -> trust.observe(juliet1, reinstalled));

        trust.replaceIdentity(juliet1, reinstalled);
        assertEquals(TrustLevel.UNDECIDED, trust.observe(juliet1, reinstalled), "never verified on its own");
        assertThrows(IdentityChangedException.class, () -> trust.checkIdentity(juliet1, old));
        assertEquals(List.of(juliet1), trust.planSend(List.of(juliet1)).blocking());
    }

    @Test
    void onceADeviceIsVerifiedNewDevicesAreUndecidedAndBlockTheSend() throws Exception {
        Fingerprint first = key();
        trust.observe(juliet1, first);
        trust.observe(juliet2, key());
        trust.decide(juliet1, first, TrustLevel.VERIFIED);

        assertEquals(TrustLevel.UNDECIDED, trust.observe(juliet3, key()));
        SendPlan plan = trust.planSend(List.of(juliet1, juliet2, juliet3));
        assertEquals(List.of(juliet1, juliet2), plan.recipients(), "earlier blind trust stays");
        assertEquals(List.of(juliet3), plan.blocking());
        assertFalse(plan.mayEncrypt());
        assertThrows(UntrustedIdentityException.class, () -> trust.requireTrusted(juliet3));

        // the user decides: the send may go ahead
        trust.decide(juliet3, trust.trust(juliet3).orElseThrow().identity(), TrustLevel.TRUSTED_BLIND);
        assertTrue(trust.planSend(List.of(juliet1, juliet2, juliet3)).mayEncrypt());

        // other contacts are not affected by juliet's verification
        assertEquals(TrustLevel.TRUSTED_BLIND, trust.observe(romeo1, key()));
    }

    @Test
    void blindTrustIsTheUsersChoicePerContactAndByDefaultAndVerifyingTurnsItOff() throws Exception {
        trust.setBlindTrust("juliet@capulet.lit", false);
        assertFalse(trust.blindTrust("juliet@capulet.lit"));
        assertEquals(TrustLevel.UNDECIDED, trust.observe(juliet1, key()), "no verified device, but blind trust is off");
        assertEquals(TrustLevel.TRUSTED_BLIND, trust.observe(romeo1, key()), "another contact keeps the default");

        trust.setDefaultBlindTrust(false);
        assertFalse(trust.defaultBlindTrust());
        DeviceAddress romeo2 = new DeviceAddress("romeo@montague.lit", 2);
        assertEquals(TrustLevel.UNDECIDED, trust.observe(romeo2, key()), "the default now applies to romeo");
        assertEquals(TrustLevel.TRUSTED_BLIND, trust.trust(romeo1).orElseThrow().level(), "devices seen keep their trust");

        trust.setBlindTrust("juliet@capulet.lit", true);
        assertEquals(TrustLevel.TRUSTED_BLIND, trust.observe(juliet2, key()), "juliet's own choice beats the default");
        Fingerprint verified = trust.trust(juliet2).orElseThrow().identity();
        trust.decide(juliet2, verified, TrustLevel.VERIFIED);
        assertFalse(trust.blindTrust("juliet@capulet.lit"), "verifying turns blind trust off for her");
        assertEquals(TrustLevel.UNDECIDED, trust.observe(juliet3, key()));
    }

    @Test
    void aKnownDeviceWithAnotherKeyIsRefusedAndTheRecordKeepsTheOldKey() throws Exception {
        Fingerprint original = key();
        Fingerprint other = key();
        trust.observe(juliet1, original);
        IdentityChangedException refused = assertThrows(IdentityChangedException.class,
                () -> trust.observe(juliet1, other));
        assertEquals(juliet1, refused.device());
        assertEquals(original, refused.known());
        assertEquals(other, refused.presented());
        assertEquals(original, trust.trust(juliet1).orElseThrow().identity());
        assertThrows(IdentityChangedException.class, () -> trust.decide(juliet1, other, TrustLevel.VERIFIED));
        assertThrows(IdentityChangedException.class, () -> trust.checkIdentity(juliet1, other));
        assertEquals(TrustLevel.TRUSTED_BLIND, trust.trust(juliet1).orElseThrow().level());

        // only forgetting the device (the user removes it) lets a new key in
        trust.forget(juliet1);
        assertEquals(TrustLevel.TRUSTED_BLIND, trust.observe(juliet1, other));
    }

    @Test
    void distrustedDevicesAreLeftOutAndUnknownOnesReported() throws Exception {
        Fingerprint bad = key();
        trust.observe(juliet1, key());
        trust.observe(juliet2, bad);
        trust.decide(juliet2, bad, TrustLevel.DISTRUSTED);
        SendPlan plan = trust.planSend(List.of(juliet1, juliet2, juliet3));
        assertEquals(List.of(juliet1), plan.recipients());
        assertEquals(List.of(juliet2), plan.excluded());
        assertEquals(List.of(juliet3), plan.unknown());
        assertFalse(plan.mayEncrypt(), "an unknown device needs its bundle first");
        assertThrows(UntrustedIdentityException.class, () -> trust.requireTrusted(juliet2));
        assertThrows(UntrustedIdentityException.class, () -> trust.requireTrusted(juliet3));
        assertEquals(TrustLevel.DISTRUSTED, trust.observe(juliet2, bad), "observing again changes no decision");
    }

    @Test
    void aScannedUriVerifiesKnownDevicesAndPreVerifiesNewOnes() throws Exception {
        Fingerprint one = key();
        Fingerprint two = key();
        trust.observe(juliet1, one);
        trust.verify(new OmemoUri("juliet@capulet.lit", List.of(new OmemoUri.DeviceFingerprint(1, one),
                new OmemoUri.DeviceFingerprint(2, two))));
        assertEquals(TrustLevel.VERIFIED, trust.trust(juliet1).orElseThrow().level());
        assertEquals(TrustLevel.VERIFIED, trust.observe(juliet2, two));
        assertThrows(IdentityChangedException.class, () -> trust.observe(juliet2, key()));
    }

    @Test
    void aUriWithAWrongKeyChangesNothing() throws Exception {
        Fingerprint one = key();
        trust.observe(juliet1, one);
        OmemoUri wrong = new OmemoUri("juliet@capulet.lit", List.of(new OmemoUri.DeviceFingerprint(3, key()),
                new OmemoUri.DeviceFingerprint(1, key())));
        assertThrows(IdentityChangedException.class, () -> trust.verify(wrong));
        assertEquals(TrustLevel.TRUSTED_BLIND, trust.trust(juliet1).orElseThrow().level());
        assertTrue(trust.trust(juliet3).isEmpty());
    }
}
