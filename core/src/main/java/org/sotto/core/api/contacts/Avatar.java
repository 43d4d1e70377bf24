package org.sotto.core.api.contacts;

import java.util.Objects;

/**
 * A contact's picture. {@code sha1} is the hex SHA-1 of the bytes (the id XEP-0084 and XEP-0153 use for caching).
 *
 * @param source where it came from: the contact's XEP-0084 PEP nodes or, as a fallback, their vCard
 */
public record Avatar(String jid, byte[] data, String mimeType, String sha1, Source source) {
    public enum Source {
        PEP, VCARD
    }

    public Avatar {
        Objects.requireNonNull(jid);
        data = data.clone();
        Objects.requireNonNull(mimeType);
        Objects.requireNonNull(sha1);
        Objects.requireNonNull(source);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Avatar a && a.jid.equals(jid) && a.sha1.equals(sha1) && a.source == source;
    }

    @Override
    public int hashCode() {
        return Objects.hash(jid, sha1, source);
    }

    @Override
    public String toString() {
        return "Avatar[" + jid + " " + mimeType + " " + data.length + " bytes sha1=" + sha1 + " from " + source + "]";
    }
}
