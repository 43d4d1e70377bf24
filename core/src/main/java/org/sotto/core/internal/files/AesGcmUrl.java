package org.sotto.core.internal.files;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import org.sotto.crypto.files.FileCipher.FileKey;

/**
 * An {@code aesgcm://} URL (XEP-0454): the HTTPS download URL with the scheme replaced and the file's IV and key
 * (24 + 64 hex digits) as the fragment. Parsed strictly; it is never to be opened as a web link.
 */
public record AesGcmUrl(URI httpsUrl, FileKey key) {
    private static final Pattern FRAGMENT = Pattern.compile("[0-9a-fA-F]{88}");

    public AesGcmUrl {
        if (!"https".equalsIgnoreCase(httpsUrl.getScheme())) {
            throw new IllegalArgumentException("only HTTPS URLs become aesgcm URLs, got " + httpsUrl.getScheme());
        }
        if (httpsUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("the download URL already has a fragment");
        }
    }

    /** Parses {@code aesgcm://host/path#IVKEY}; anything else is an IllegalArgumentException saying why. */
    public static AesGcmUrl parse(String text) {
        String trimmed = text.strip();
        if (!trimmed.regionMatches(true, 0, "aesgcm://", 0, "aesgcm://".length())) {
            throw new IllegalArgumentException("not an aesgcm:// URL");
        }
        int hash = trimmed.lastIndexOf('#');
        if (hash < 0 || !FRAGMENT.matcher(trimmed.substring(hash + 1)).matches()) {
            throw new IllegalArgumentException("an aesgcm URL ends in # and 88 hex digits (IV and key)");
        }
        byte[] ivAndKey = HexFormat.of().parseHex(trimmed.substring(hash + 1).toLowerCase(Locale.ROOT));
        try {
            URI https = new URI("https" + trimmed.substring("aesgcm".length(), hash));
            if (https.getHost() == null || https.getHost().isEmpty()) {
                throw new IllegalArgumentException("the aesgcm URL has no host");
            }
            return new AesGcmUrl(https, new FileKey(Arrays.copyOfRange(ivAndKey, 0, 12),
                    Arrays.copyOfRange(ivAndKey, 12, 44)));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the aesgcm URL is malformed: " + e.getReason(), e);
        }
    }

    /** True when a message body is exactly one aesgcm URL (optionally followed by a thumbnail data URI line). */
    public static boolean isSharedFile(String body) {
        String[] lines = body.split("\n", -1);
        if (lines.length > 2 || (lines.length == 2 && !lines[1].startsWith("data:image/jpeg"))) {
            return false;
        }
        try {
            parse(lines[0]);
            return !lines[0].contains(" ");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "aesgcm" + httpsUrl.toString().substring("https".length()) + "#" + hex.formatHex(key.iv())
                + hex.formatHex(key.key());
    }
}
