package org.sotto.app.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.sotto.app.UiThread;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.trust.QrCode;

/** The trust dialog's model offline, on a profile in memory: what it refuses, in words, and that it changes nothing. */
class TrustViewModelTest {
    private static final String FINGERPRINT = "0123abcd 4567ef01 89abcdef 01234567 89abcdef 01234567 89abcdef 01234567";

    private final SottoProfile profile = Profiles.inMemory(ProfileOptions.defaults().withConnectOnOpen(false));
    private final Account alice = profile.accounts().add(AccountRecord.of("alice@example.org"), "pw");
    private final UiThread ui = new UiThread();

    @AfterEach
    void close() {
        ui.close();
        profile.close();
    }

    @Test
    void fingerprintsCompareIgnoringSpacesColonsAndCase() {
        assertEquals(TrustViewModel.Comparison.MATCH, TrustViewModel.compare(FINGERPRINT,
                FINGERPRINT.toUpperCase().replace(" ", "")));
        assertEquals(TrustViewModel.Comparison.MATCH, TrustViewModel.compare(FINGERPRINT,
                "  0123ABCD:4567EF01 89abcdef\t01234567 89abcdef 01234567 89abcdef 01234567 "));
        assertEquals(TrustViewModel.Comparison.MISMATCH, TrustViewModel.compare(FINGERPRINT,
                FINGERPRINT.replace("0123abcd 4567", "0123abcd 4568")));
        assertEquals(TrustViewModel.Comparison.MISMATCH, TrustViewModel.compare(FINGERPRINT, "0123abcd"),
                "a beginning is not a match");
        assertEquals(TrustViewModel.Comparison.EMPTY, TrustViewModel.compare(FINGERPRINT, "  "));
    }

    @Test
    void theOwnAccountShowsThisDeviceFirstWithItsFingerprintAndLink() {
        TrustViewModel model = TrustViewModel.forJid(alice, alice.jid(), alice.jid(), ui);
        assertTrue(model.isOwn());
        ui.run(model::load);
        ui.await("the devices and the offline note", () -> !model.busyProperty().get()
                && !model.ownUriProperty().get().isEmpty());
        assertEquals(alice.trust().ownFingerprint(), ui.get(() -> model.ownFingerprintProperty().get()));
        assertTrue(ui.get(() -> model.ownUriProperty().get()).startsWith("xmpp:alice@example.org?omemo-sid-"
                + alice.trust().ownDeviceId() + "="));
        assertEquals(Strings.get("trust.offline"), ui.get(() -> model.messageProperty().get()),
                "offline, the list is as last seen and says so");
    }

    @Test
    void aLinkForAnotherAddressIsRefusedLoudlyAndChangesNothing() throws Exception {
        TrustViewModel model = TrustViewModel.forJid(alice, "bob@example.org", "Bob", ui);
        String carols = "xmpp:carol@example.org?omemo-sid-1234=" + FINGERPRINT.replace(" ", "");
        ui.get(() -> model.verifyText(carols)).get(5, TimeUnit.SECONDS);
        assertEquals(Strings.get("trust.verify.otherJid", "carol@example.org", "bob@example.org"),
                ui.get(() -> model.messageProperty().get()));
        assertTrue(ui.get(() -> model.messageIsErrorProperty().get()));
        assertEquals(0, alice.trust().knownDevices("carol@example.org").size(), "nothing recorded for carol");
        assertEquals(0, alice.trust().knownDevices("bob@example.org").size());
    }

    @Test
    void somethingThatIsNeitherALinkNorAKnownFingerprintIsRefusedInWords() throws Exception {
        TrustViewModel model = TrustViewModel.forJid(alice, "bob@example.org", "Bob", ui);
        ui.get(() -> model.verifyText("xmpp:bob@example.org?omemo-sid-12=nothex")).get(5, TimeUnit.SECONDS);
        assertEquals(Strings.get("trust.verify.malformed"), ui.get(() -> model.messageProperty().get()));
        ui.get(() -> model.verifyText(FINGERPRINT)).get(5, TimeUnit.SECONDS);
        assertEquals(Strings.get("trust.verify.noMatch", "Bob"), ui.get(() -> model.messageProperty().get()));
        ui.get(() -> model.verifyText("   ")).get(5, TimeUnit.SECONDS);
        assertEquals(Strings.get("trust.verify.empty"), ui.get(() -> model.messageProperty().get()));
        assertTrue(ui.get(() -> model.messageIsErrorProperty().get()));
        assertFalse(ui.get(() -> model.busyProperty().get()));
    }

    /** A QR code of {@code text} as a picture's ARGB pixels, 4 pixels a module. */
    private static int[] qr(String text, int[] side) {
        QrCode code = QrCode.encode(text);
        int scale = 4;
        side[0] = code.size() * scale;
        int[] argb = new int[side[0] * side[0]];
        for (int y = 0; y < side[0]; y++) {
            for (int x = 0; x < side[0]; x++) {
                argb[y * side[0] + x] = code.isDark(x / scale, y / scale) ? 0xff000000 : 0xffffffff;
            }
        }
        return argb;
    }

    private String verifyQr(TrustViewModel model, String text) throws Exception {
        int[] side = new int[1];
        int[] argb = qr(text, side);
        ui.get(() -> model.verifyImage(argb, side[0], side[0])).get(5, TimeUnit.SECONDS);
        return ui.get(() -> model.messageProperty().get());
    }

    private String verifyPasted(TrustViewModel model, String text) throws Exception {
        ui.get(() -> model.verifyText(text)).get(5, TimeUnit.SECONDS);
        return ui.get(() -> model.messageProperty().get());
    }

    @Test
    void hostileQrCodesAndPastedTextAreRefusedInWordsAndChangeNothing() throws Exception {
        TrustViewModel model = TrustViewModel.forJid(alice, "bob@example.org", "Bob", ui);
        String hex = FINGERPRINT.replace(" ", "");
        // QR codes: not a link at all, another person's link, a link whose key is not hex, a damaged picture
        assertEquals(Strings.get("trust.verify.noMatch", "Bob"), verifyQr(model, "javascript:alert(1)"));
        assertEquals(Strings.get("trust.verify.otherJid", "carol@example.org", "bob@example.org"),
                verifyQr(model, "xmpp:carol@example.org?omemo-sid-1234=" + hex));
        assertEquals(Strings.get("trust.verify.otherJid", "bob@example.org.evil", "bob@example.org"),
                verifyQr(model, "xmpp:bob@example.org.evil?omemo-sid-1234=" + hex));
        assertEquals(Strings.get("trust.verify.malformed"), verifyQr(model, "xmpp:bob@example.org?omemo-sid-1=" + "g".repeat(64)));
        ui.get(() -> model.verifyImage(new int[10], 4, 4)).get(5, TimeUnit.SECONDS);
        assertEquals(Strings.get("trust.qr.none"), ui.get(() -> model.messageProperty().get()));
        // pasted: huge, the same device twice with two keys, a device id out of range, a fingerprint one digit short
        assertEquals(Strings.get("trust.verify.malformed"), verifyPasted(model,
                "xmpp:bob@example.org?omemo-sid-1=" + hex + ";x=" + "a".repeat(200_000)));
        assertEquals(Strings.get("trust.verify.malformed"), verifyPasted(model, "xmpp:bob@example.org?omemo-sid-1="
                + hex + ";omemo-sid-1=" + hex.replace('0', '1')));
        assertEquals(Strings.get("trust.verify.malformed"), verifyPasted(model, "xmpp:bob@example.org?omemo-sid-0=" + hex));
        assertEquals(Strings.get("trust.verify.noMatch", "Bob"), verifyPasted(model, hex.substring(1)));
        assertTrue(ui.get(() -> model.messageIsErrorProperty().get()));
        assertEquals(0, alice.trust().knownDevices("bob@example.org").size(), "nothing recorded for bob");
        assertEquals(0, alice.trust().knownDevices("carol@example.org").size());
        assertEquals(0, alice.trust().knownDevices("bob@example.org.evil").size());
    }

    @Test
    void blindTrustIsTheAccountsDefaultUntilAContactHasAChoiceOfTheirOwn() throws Exception {
        TrustViewModel own = TrustViewModel.forJid(alice, alice.jid(), alice.jid(), ui);
        TrustViewModel bob = TrustViewModel.forJid(alice, "bob@example.org", "Bob", ui);
        ui.run(own::load);
        ui.run(bob::load);
        ui.await("loaded", () -> !own.busyProperty().get() && !bob.busyProperty().get());
        assertTrue(ui.get(() -> own.defaultBlindTrustProperty().get()), "on by default");
        assertTrue(ui.get(() -> bob.blindTrustProperty().get()));
        ui.run(() -> bob.setBlindTrust(false));
        ui.await("bob's choice saved", () -> !alice.trust().blindTrust("bob@example.org"));
        assertTrue(alice.trust().defaultBlindTrust(), "bob's choice is his alone");
        assertTrue(alice.trust().blindTrust("carol@example.org"));
        ui.run(() -> own.setBlindTrust(false));
        ui.await("the default saved", () -> !alice.trust().defaultBlindTrust());
        assertFalse(alice.trust().blindTrust("carol@example.org"), "carol has no choice of her own: the default");
        assertFalse(ui.get(() -> own.defaultBlindTrustProperty().get()));
    }

    @Test
    void onlyALinkWithDeviceFingerprintsIsAVerificationLink() {
        assertTrue(VerificationLinks.isVerification("xmpp:bob@example.org?omemo-sid-1234="
                + FINGERPRINT.replace(" ", "")));
        assertFalse(VerificationLinks.isVerification("xmpp:bob@example.org"));
        assertFalse(VerificationLinks.isVerification("xmpp:bob@example.org?message"));
        assertFalse(VerificationLinks.isVerification("--demo"));
    }
}
