package org.sotto.store;

import java.util.Arrays;
import java.util.Objects;

/** An avatar image of an account's cache, identified by the hex SHA-1 of its bytes. */
public record StoredAvatar(String sha1, String mimeType, AvatarSource source, byte[] data) {
    public StoredAvatar {
        Objects.requireNonNull(sha1, "sha1");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(source, "source");
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredAvatar a && a.sha1.equals(sha1) && a.mimeType.equals(mimeType)
                && a.source == source && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return sha1.hashCode();
    }

    @Override
    public String toString() {
        return "StoredAvatar[" + sha1 + " " + mimeType + " " + data.length + " bytes from " + source + "]";
    }
}
