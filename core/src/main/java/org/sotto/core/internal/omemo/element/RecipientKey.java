package org.sotto.core.internal.omemo.element;

import java.util.Arrays;
import java.util.Objects;

/**
 * One recipient device's copy of a message key inside an {@code <encrypted/>} header.
 *
 * @param jid         the recipient's bare JID (OMEMO 2 groups keys by JID; legacy OMEMO has no JID: {@code null})
 * @param deviceId    the recipient device ({@code rid})
 * @param keyExchange whether the data starts a session (legacy {@code prekey='true'}, OMEMO 2 {@code kex='true'})
 * @param data        the encrypted key material
 */
public record RecipientKey(String jid, int deviceId, boolean keyExchange, byte[] data) {
    public RecipientKey {
        DeviceIds.require(deviceId, "rid");
        Objects.requireNonNull(data, "data");
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecipientKey that && Objects.equals(jid, that.jid) && deviceId == that.deviceId
                && keyExchange == that.keyExchange && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jid, deviceId, keyExchange, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "RecipientKey[" + (jid == null ? "" : jid + "/") + deviceId + (keyExchange ? ", key exchange" : "")
                + ", " + data.length + " bytes]";
    }
}
