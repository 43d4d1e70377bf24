package org.sotto.app.notify;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A picture a notification carries (a contact's avatar) as the notification service takes it: {@link #SIZE} pixels
 * square at most, 8-bit RGBA, rows without padding ({@code image-data} in the Desktop Notifications Specification).
 * Sent as pixels so that no picture of a contact is written to disk for the service to read.
 */
public record NotificationPicture(int width, int height, byte[] rgba) {
    /** The longest side, in pixels: what notification pop-ups show, twice over for a high-density screen. */
    public static final int SIZE = 96;
    /** Pictures larger than this (in pixels) are not decoded: a small file can unpack into gigabytes. */
    static final long MAX_PIXELS = 16L * 1024 * 1024;

    public int rowstride() {
        return width * 4;
    }

    /**
     * The picture in {@code data} (PNG, JPEG, GIF, BMP), scaled to fit {@link #SIZE}; empty when it is not a picture
     * ImageIO reads, or is larger than {@link #MAX_PIXELS}. Decodes only every n-th pixel of a large picture.
     */
    public static Optional<NotificationPicture> decode(byte[] data) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
                    return Optional.empty();
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.min(width, height) / (2 * SIZE));
                param.setSourceSubsampling(step, step, 0, 0);
                return Optional.of(scaled(reader.read(0, param)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static NotificationPicture scaled(BufferedImage source) {
        double scale = Math.min(1.0, (double) SIZE / Math.max(source.getWidth(), source.getHeight()));
        int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        byte[] rgba = new byte[width * height * 4];
        int[] argb = target.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < argb.length; i++) {
            rgba[4 * i] = (byte) (argb[i] >> 16);
            rgba[4 * i + 1] = (byte) (argb[i] >> 8);
            rgba[4 * i + 2] = (byte) argb[i];
            rgba[4 * i + 3] = (byte) (argb[i] >>> 24);
        }
        return new NotificationPicture(width, height, rgba);
    }
}
