package org.sotto.app.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import javafx.scene.paint.Color;

/**
 * XEP-0392 consistent colours: the hue angle of a name is the first two bytes of its SHA-1, little-endian, over
 * 65536, so Dino, Conversations and Sotto agree on each person's hue. Saturation and brightness are Sotto's, one pair
 * for light and one for dark backgrounds (the XEP's HSLuv step is left out).
 */
public final class NameColors {
    private NameColors() {
    }

    /** The XEP-0392 hue angle of {@code name}, in degrees [0, 360). */
    public static double hue(String name) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8));
            int value = (sha1[0] & 0xff) | (sha1[1] & 0xff) << 8;
            return value / 65536.0 * 360.0;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Color of(String name, boolean dark) {
        return dark ? Color.hsb(hue(name), 0.45, 0.95) : Color.hsb(hue(name), 0.85, 0.62);
    }
}
