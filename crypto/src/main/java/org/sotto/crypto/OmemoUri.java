package org.sotto.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code xmpp:JID?omemo-sid-DEVICEID=FINGERPRINT;omemo-sid-…} as Conversations puts it into QR codes: the bare
 * JID (RFC 5122 percent-encoding) and, per device, the 64 hex digits of the Curve25519 identity key. Other query
 * parameters (an action such as {@code message}, {@code body=…}) are ignored; an {@code omemo-sid-} parameter
 * that is not a valid device id with a valid fingerprint makes the whole URI malformed, because a half-read QR
 * code must never verify anything.
 */
public record OmemoUri(String bareJid, List<DeviceFingerprint> devices) {
    private static final String SCHEME = "xmpp:";
    private static final String PARAM = "omemo-sid-";
    /** Longer texts are refused before reading: about 90 devices, far more than an account has. */
    public static final int MAX_LENGTH = 8_192;
    /** RFC 7622: a bare JID is at most 1023 bytes of local part, 1 of '@' and 1023 of domain part. */
    private static final int MAX_JID_BYTES = 2_047;

    /** One device in the URI. */
    public record DeviceFingerprint(int deviceId, Fingerprint fingerprint) {
        public DeviceFingerprint {
            DeviceIds.requireValid(deviceId);
            if (fingerprint == null) {
                throw new IllegalArgumentException("a device fingerprint needs a fingerprint");
            }
        }
    }

    public OmemoUri {
        if (bareJid == null || bareJid.isBlank() || bareJid.indexOf('/') >= 0) {
            throw new IllegalArgumentException("an OMEMO URI needs a bare JID, got \"" + bareJid + "\"");
        }
        if (devices == null || devices.isEmpty()) {
            throw new IllegalArgumentException("an OMEMO URI names at least one device");
        }
        devices = List.copyOf(devices);
    }

    public static OmemoUri parse(String uri) throws MalformedUriException {
        if (uri == null) {
            throw new MalformedUriException("no URI");
        }
        if (uri.length() > MAX_LENGTH) {
            throw new MalformedUriException("the URI is longer than " + MAX_LENGTH + " characters");
        }
        String text = uri.strip();
        if (!text.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new MalformedUriException("not an xmpp: URI: " + shorten(text));
        }
        String rest = text.substring(SCHEME.length());
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        int query = rest.indexOf('?');
        if (query < 0) {
            throw new MalformedUriException("the URI has no omemo-sid- fingerprints: " + shorten(text));
        }
        String path = rest.substring(0, query);
        if (path.startsWith("//")) {
            throw new MalformedUriException("xmpp: URIs with an authority are not fingerprint URIs: " + shorten(text));
        }
        String jid = decode(path, "JID");
        int slash = jid.indexOf('/');
        if (slash >= 0) {
            jid = jid.substring(0, slash);
        }
        if (jid.isBlank() || jid.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))
                || jid.startsWith("@") || jid.endsWith("@") || jid.indexOf('@') != jid.lastIndexOf('@')) {
            throw new MalformedUriException("the URI has no valid JID: \"" + shorten(jid) + "\"");
        }
        if (jid.getBytes(StandardCharsets.UTF_8).length > MAX_JID_BYTES) {
            throw new MalformedUriException("the URI's JID is longer than a JID may be");
        }

        Map<Integer, Fingerprint> devices = new LinkedHashMap<>();
        for (String parameter : rest.substring(query + 1).split("[;&]")) {
            int equals = parameter.indexOf('=');
            String key = (equals < 0 ? parameter : parameter.substring(0, equals)).toLowerCase(Locale.ROOT);
            if (!key.startsWith(PARAM)) {
                continue;
            }
            int deviceId = deviceId(key.substring(PARAM.length()));
            if (equals < 0) {
                throw new MalformedUriException("device " + deviceId + " has no fingerprint");
            }
            Fingerprint fingerprint = fingerprint(decode(parameter.substring(equals + 1), "fingerprint"), deviceId);
            Fingerprint earlier = devices.putIfAbsent(deviceId, fingerprint);
            if (earlier != null && !earlier.equals(fingerprint)) {
                throw new MalformedUriException("device " + deviceId + " is listed twice with different fingerprints");
            }
        }
        if (devices.isEmpty()) {
            throw new MalformedUriException("the URI has no omemo-sid- fingerprints: " + shorten(text));
        }
        List<DeviceFingerprint> list = new ArrayList<>();
        devices.forEach((id, fingerprint) -> list.add(new DeviceFingerprint(id, fingerprint)));
        return new OmemoUri(jid, list);
    }

    /** The URI text, with {@code ;} between the devices as Conversations writes it. */
    public String format() {
        StringBuilder text = new StringBuilder(SCHEME).append(encode(bareJid)).append('?');
        for (int i = 0; i < devices.size(); i++) {
            if (i > 0) {
                text.append(';');
            }
            text.append(PARAM).append(devices.get(i).deviceId()).append('=').append(devices.get(i).fingerprint().hex());
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    private static int deviceId(String digits) throws MalformedUriException {
        if (!digits.matches("[0-9]{1,10}")) {
            throw new MalformedUriException("\"" + shorten(digits) + "\" is not a device id");
        }
        long id = Long.parseLong(digits);
        if (id < 1 || id > Integer.MAX_VALUE) {
            throw new MalformedUriException("device id " + digits + " is outside 1 .. 2^31-1");
        }
        return (int) id;
    }

    private static Fingerprint fingerprint(String value, int deviceId) throws MalformedUriException {
        String hex = value.toLowerCase(Locale.ROOT);
        if (hex.length() == 66 && hex.startsWith("05")) {
            hex = hex.substring(2); // the libsignal type byte, as some clients leave it in
        }
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new MalformedUriException("the fingerprint of device " + deviceId
                    + " is not 64 hex digits: \"" + shorten(value) + "\"");
        }
        return Fingerprint.parse(hex);
    }

    private static String decode(String text, String what) throws MalformedUriException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw new MalformedUriException("broken percent-encoding in the " + what);
                }
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    utf8 = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedUriException("the " + what + " is not UTF-8 after percent-decoding");
        }
    }

    /** RFC 5122: unreserved characters and the sub-delimiters a JID node may hold stay, everything else is %XX. */
    private static String encode(String jid) {
        StringBuilder text = new StringBuilder();
        for (byte b : jid.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$'()*+,@".indexOf(c) >= 0) {
                text.append((char) c);
            } else {
                text.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return text.toString();
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
