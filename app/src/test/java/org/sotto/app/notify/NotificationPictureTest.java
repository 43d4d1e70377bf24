package org.sotto.app.notify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** A contact's picture made ready for a notification, and what a hostile picture gets. */
class NotificationPictureTest {
    @Test
    void aPictureIsScaledToFitAndGivenAsRgba() throws IOException {
        BufferedImage image = new BufferedImage(50, 400, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 400; y++) {
            for (int x = 0; x < 50; x++) {
                image.setRGB(x, y, 0xff20c040);
            }
        }
        NotificationPicture picture = NotificationPicture.decode(png(image)).orElseThrow();
        assertEquals(12, picture.width());
        assertEquals(96, picture.height());
        assertEquals(12 * 4, picture.rowstride());
        assertEquals(12 * 96 * 4, picture.rgba().length);
        assertArrayEquals(new byte[] {0x20, (byte) 0xc0, 0x40, (byte) 0xff}, Arrays.copyOfRange(picture.rgba(), 0, 4));
    }

    @Test
    void aSmallPictureKeepsItsSize() throws IOException {
        NotificationPicture picture = NotificationPicture.decode(png(new BufferedImage(20, 10,
                BufferedImage.TYPE_INT_RGB))).orElseThrow();
        assertEquals(20, picture.width());
        assertEquals(10, picture.height());
    }

    @Test
    void whatIsNotAPictureOrTooLargeGivesNone() throws IOException {
        assertTrue(NotificationPicture.decode(new byte[0]).isEmpty());
        assertTrue(NotificationPicture.decode("not a picture".getBytes(StandardCharsets.UTF_8)).isEmpty());
        // a header that claims 100 000 x 100 000 pixels, with nothing after it: refused before any pixel
        assertTrue(NotificationPicture.decode(pngHeader(100_000, 100_000)).isEmpty());
        // a real picture of 20 megapixels (a few KiB as PNG): over the limit, not decoded
        byte[] large = png(new BufferedImage(5000, 4000, BufferedImage.TYPE_BYTE_BINARY));
        assertTrue(large.length < 64 * 1024, "small as a file: " + large.length);
        assertTrue(NotificationPicture.decode(large).isEmpty(), "over " + NotificationPicture.MAX_PIXELS + " pixels");
        byte[] cut = png(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB));
        assertTrue(NotificationPicture.decode(Arrays.copyOf(cut, cut.length / 2)).isEmpty(), "a truncated PNG");
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A PNG signature and an IHDR chunk (8-bit RGBA) and nothing else. */
    private static byte[] pngHeader(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(chunk);
        data.writeBytes("IHDR");
        data.writeInt(width);
        data.writeInt(height);
        data.write(new byte[] {8, 6, 0, 0, 0});
        out.writeInt(13);
        out.write(chunk.toByteArray());
        CRC32 crc = new CRC32();
        crc.update(chunk.toByteArray());
        out.writeInt((int) crc.getValue());
        return bytes.toByteArray();
    }
}
