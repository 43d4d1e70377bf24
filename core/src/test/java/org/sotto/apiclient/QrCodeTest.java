package org.sotto.apiclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.sotto.core.api.trust.QrCode;

/** QR codes as a window draws and reads them: modules with their quiet zone, and back from pixels. */
class QrCodeTest {
    private static final String URI = "xmpp:alice@example.org?omemo-sid-1234567=0123456789abcdef0123456789abcdef"
            + "0123456789abcdef0123456789abcdef;omemo-sid-42=fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    /** The code drawn as a window would: {@code scale} pixels per module, dark and light as given. */
    private static int[] draw(QrCode code, int scale, int dark, int light) {
        int side = code.size() * scale;
        int[] pixels = new int[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                pixels[y * side + x] = code.isDark(x / scale, y / scale) ? dark : light;
            }
        }
        return pixels;
    }

    @Test
    void aVerificationUriIsDrawnWithItsQuietZoneAndReadBack() {
        QrCode code = QrCode.encode(URI);
        for (int i = 0; i < code.size(); i++) {
            for (int edge = 0; edge < QrCode.QUIET_ZONE; edge++) {
                assertFalse(code.isDark(i, edge) || code.isDark(edge, i)
                        || code.isDark(i, code.size() - 1 - edge) || code.isDark(code.size() - 1 - edge, i),
                        "the quiet zone is light");
            }
        }
        assertTrue(code.isDark(QrCode.QUIET_ZONE, QrCode.QUIET_ZONE), "the finder pattern starts after the quiet zone");
        int side = code.size() * 3;
        assertEquals(Optional.of(URI), QrCode.decode(draw(code, 3, 0xff000000, 0xffffffff), side, side));
        // dark theme colours and a transparent background (shown on white) read the same
        assertEquals(Optional.of(URI), QrCode.decode(draw(code, 3, 0xff202020, 0x00000000), side, side));
    }

    @Test
    void noiseAndBadInputAreSaidSo() {
        int[] noise = new int[200 * 200];
        Random random = new Random(7);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = random.nextBoolean() ? 0xff000000 : 0xffffffff;
        }
        assertEquals(Optional.empty(), QrCode.decode(noise, 200, 200));
        assertThrows(IllegalArgumentException.class, () -> QrCode.decode(new int[10], 4, 4));
        assertThrows(IllegalArgumentException.class, () -> QrCode.decode(new int[0], 0, 0));
        assertThrows(IllegalArgumentException.class, () -> QrCode.decode(new int[1], 5_000, 5_000));
        assertThrows(IllegalArgumentException.class, () -> QrCode.encode(""));
        assertThrows(IllegalArgumentException.class, () -> QrCode.encode("x".repeat(QrCode.MAX_TEXT_LENGTH + 1)));
        assertThrows(IndexOutOfBoundsException.class, () -> QrCode.encode("x").isDark(-1, 0));
    }

    /**
     * Any text Sotto draws reads back as itself: random texts from each of the encoder's modes (digits,
     * upper-case alphanumerics, ISO-8859-1 bytes, UTF-8 beyond the BMP), mixed, up to 200 characters, and one at the
     * longest text allowed. Seeded, so a failure repeats.
     */
    @Test
    void randomTextsOfEveryModeReadBack() {
        Random random = new Random(20261205);
        String[] alphabets = {"0123456789", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", "abcxyz?=;@é\u00ff",
                "Grüße 你好 🙂 \u0000\t"};
        for (int i = 0; i < 150; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(200);
            String alphabet = alphabets[i % alphabets.length];
            while (text.length() < length) {
                String from = i % 5 == 4 ? alphabets[random.nextInt(alphabets.length)] : alphabet;
                text.appendCodePoint(from.codePointAt(from.offsetByCodePoints(0,
                        random.nextInt(from.codePointCount(0, from.length())))));
            }
            assertReadBack(text.toString());
        }
        assertReadBack("x".repeat(QrCode.MAX_TEXT_LENGTH));
    }

    private static void assertReadBack(String text) {
        QrCode code = QrCode.encode(text);
        int side = code.size() * 2;
        assertEquals(Optional.of(text), QrCode.decode(draw(code, 2, 0xff000000, 0xffffffff), side, side), text);
    }
}
