package org.sotto.core.api.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.sotto.crypto.OmemoUri;

/**
 * What a user scans or pastes to verify a contact, fuzzed. Contracts:
 * <ul>
 *   <li>{@link VerificationUri#parse}: a URI or a {@link TrustException} with reason {@code MALFORMED_URI}, nothing
 *       else; a parsed URI names a bare JID and at least one positive device id, each with a fingerprint of 8 groups
 *       of 8 hex digits, no more devices than the text has characters, and writes back to the same URI.</li>
 *   <li>{@link QrCode#decode}: for any pixels of a consistent size, text or empty, never an exception.</li>
 * </ul>
 */
class TrustInputsFuzzTest {
    private static final Pattern FINGERPRINT = Pattern.compile("([0-9a-f]{8} ){7}[0-9a-f]{8}");

    @FuzzTest
    void verificationUri(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        VerificationUri uri;
        try {
            uri = VerificationUri.parse(text);
        } catch (TrustException e) {
            assertEquals(TrustException.Reason.MALFORMED_URI, e.reason());
            return;
        }
        assertFalse(uri.jid().isBlank());
        assertFalse(uri.jid().contains("/"));
        assertFalse(uri.fingerprints().isEmpty());
        assertTrue(uri.fingerprints().size() <= text.length());
        uri.fingerprints().forEach((id, fingerprint) -> {
            assertTrue(id > 0);
            assertTrue(FINGERPRINT.matcher(fingerprint).matches(), fingerprint);
        });
        String written = OmemoUri.parse(text).format();
        assertEquals(uri, VerificationUri.parse(written), "written back and read again");
    }

    /** Input: the first byte gives the width (1 to 256), the rest are grey pixels with an alpha from every 4th byte. */
    @FuzzTest
    void qrDecode(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int width = (input[0] & 0xff) + 1;
        int height = Math.max(1, (input.length - 1) / width);
        int[] argb = new int[width * height];
        for (int i = 0; i < argb.length; i++) {
            int grey = 1 + i < input.length ? input[1 + i] & 0xff : 0xff;
            int alpha = 1 + (i | 3) < input.length ? input[1 + (i | 3)] & 0xff : 0xff;
            argb[i] = alpha << 24 | grey << 16 | grey << 8 | grey;
        }
        Optional<String> text = QrCode.decode(argb, width, height);
        text.ifPresent(t -> assertTrue(t.length() <= 7_089, "more than a QR code holds"));
    }
}
