package org.sotto.core.api.trust;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.sotto.crypto.MalformedUriException;
import org.sotto.crypto.OmemoUri;

/**
 * A verification URI as Conversations shows it in a QR code, {@code xmpp:JID?omemo-sid-ID=FINGERPRINT;…}, read
 * without a profile (a command line checks it before anything opens).
 *
 * @param jid          whose devices it names
 * @param fingerprints device id → its fingerprint as 8 groups of 8 hex digits, in the URI's order
 */
public record VerificationUri(String jid, Map<Integer, String> fingerprints) {
    public VerificationUri {
        Objects.requireNonNull(jid, "jid");
        fingerprints = Collections.unmodifiableMap(new LinkedHashMap<>(fingerprints));
    }

    /** Reads {@code uri}; anything else is a {@link TrustException} with reason {@code MALFORMED_URI}. */
    public static VerificationUri parse(String uri) {
        OmemoUri parsed;
        try {
            parsed = OmemoUri.parse(uri);
        } catch (MalformedUriException e) {
            throw new TrustException(TrustException.Reason.MALFORMED_URI, "not an OMEMO verification URI: "
                    + e.getMessage(), e);
        }
        Map<Integer, String> fingerprints = new LinkedHashMap<>();
        parsed.devices().forEach(d -> fingerprints.put(d.deviceId(), d.fingerprint().display()));
        return new VerificationUri(parsed.bareJid(), fingerprints);
    }
}
