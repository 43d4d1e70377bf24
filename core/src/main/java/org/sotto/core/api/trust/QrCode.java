package org.sotto.core.api.trust;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ReaderException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * A QR code as modules, for a window to draw pixel-exact (one module = a whole number of device pixels), and the
 * way back from an image's pixels. Encoded with error correction M and a quiet zone of {@link #QUIET_ZONE} modules
 * on every side, included in {@link #size()}.
 */
public final class QrCode {
    /** Light modules around the code: ISO/IEC 18004 asks for at least 4. */
    public static final int QUIET_ZONE = 4;
    /** Longer texts are refused: a verification URI with many devices stays far below. */
    public static final int MAX_TEXT_LENGTH = 2_000;
    /** Larger images are refused by {@link #decode}: no decoding work grows past this many pixels. */
    public static final int MAX_PIXELS = 16_000_000;

    private final int size;
    private final BitSet dark;

    private QrCode(int size, BitSet dark) {
        this.size = size;
        this.dark = dark;
    }

    /** The QR code of {@code text} (UTF-8); {@link IllegalArgumentException} for an empty or too long text. */
    public static QrCode encode(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("a QR code holds 1 to " + MAX_TEXT_LENGTH + " characters, got "
                    + text.length());
        }
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(),
                    EncodeHintType.MARGIN, QUIET_ZONE));
        } catch (WriterException e) {
            throw new IllegalArgumentException("the text does not fit in a QR code", e);
        }
        int size = matrix.getWidth(); // width 0 asks for one pixel per module
        BitSet dark = new BitSet(size * size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (matrix.get(x, y)) {
                    dark.set(y * size + x);
                }
            }
        }
        return new QrCode(size, dark);
    }

    /**
     * The text of the QR code in an image given as ARGB pixels (row by row, as a JavaFX {@code PixelReader} or
     * {@code BufferedImage.getRGB} gives them); empty when none is found. {@link IllegalArgumentException} when the
     * array does not match the size or the image is over {@link #MAX_PIXELS}.
     */
    public static Optional<String> decode(int[] argb, int width, int height) {
        Objects.requireNonNull(argb, "argb");
        if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
            throw new IllegalArgumentException("an image of 1 to " + MAX_PIXELS + " pixels, got " + width + "×" + height);
        }
        if (argb.length != width * height) {
            throw new IllegalArgumentException(argb.length + " pixels for a " + width + "×" + height + " image");
        }
        int[] opaque = new int[argb.length];
        for (int i = 0; i < argb.length; i++) {
            opaque[i] = onWhite(argb[i]); // a transparent background reads as white, as it is shown
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, opaque)));
        Optional<String> found = read(bitmap, false);
        // an image drawn by a program (a screenshot, a saved QR code) is read exactly as drawn, without searching
        return found.isPresent() ? found : read(bitmap, true);
    }

    private static Optional<String> read(BinaryBitmap bitmap, boolean pure) {
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        hints.put(DecodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        if (pure) {
            hints.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
        }
        try {
            return Optional.of(new QRCodeReader().decode(bitmap, hints).getText());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (ReaderException e) { // a code was found but its content is damaged
            return Optional.empty();
        }
    }

    private static int onWhite(int argb) {
        int alpha = argb >>> 24;
        if (alpha == 0xff) {
            return argb;
        }
        int r = blend((argb >> 16) & 0xff, alpha);
        int g = blend((argb >> 8) & 0xff, alpha);
        int b = blend(argb & 0xff, alpha);
        return 0xff000000 | r << 16 | g << 8 | b;
    }

    private static int blend(int channel, int alpha) {
        return (channel * alpha + 0xff * (0xff - alpha)) / 0xff;
    }

    /** Modules per side, the quiet zone included. */
    public int size() {
        return size;
    }

    /** Whether the module at column {@code x}, row {@code y} (from the top left, quiet zone included) is dark. */
    public boolean isDark(int x, int y) {
        if (x < 0 || y < 0 || x >= size || y >= size) {
            throw new IndexOutOfBoundsException("module (" + x + ", " + y + ") outside " + size + "×" + size);
        }
        return dark.get(y * size + x);
    }
}
