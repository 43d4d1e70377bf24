package org.sotto.core.internal.omemo.element;

import java.util.Base64;

/** Base64 as OMEMO elements carry it: whitespace inside the text is allowed, anything else is an error. */
public final class Base64Text {
    private Base64Text() {
    }

    public static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** @throws IllegalArgumentException with the element name when the text is not base64 */
    public static byte[] decode(String text, String element) {
        String compact = text.replaceAll("\\s+", "");
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("<" + element + "> does not hold base64 data", e);
        }
    }
}
