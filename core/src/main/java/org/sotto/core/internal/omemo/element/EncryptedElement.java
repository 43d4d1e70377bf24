package org.sotto.core.internal.omemo.element;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * An OMEMO {@code <encrypted/>} element of either version: the sending device, one key per recipient device,
 * and the encrypted payload — absent in an empty (key transport) message.
 * Legacy OMEMO also carries the payload's IV in the header; OMEMO 2 groups the keys by recipient JID.
 */
public final class EncryptedElement implements ExtensionElement {
    public static final String ELEMENT = "encrypted";

    private final String namespace;
    private final int senderDeviceId;
    private final List<RecipientKey> keys;
    private final byte[] iv;
    private final byte[] payload;

    private EncryptedElement(String namespace, int senderDeviceId, List<RecipientKey> keys, byte[] iv, byte[] payload) {
        this.namespace = namespace;
        this.senderDeviceId = DeviceIds.require(senderDeviceId, "sid");
        this.keys = List.copyOf(keys);
        this.iv = iv == null ? null : iv.clone();
        this.payload = payload == null ? null : payload.clone();
        if (this.keys.isEmpty()) {
            throw new IllegalArgumentException("an <encrypted/> header needs at least one <key/>");
        }
    }

    /** Legacy OMEMO 0.3: keys without JIDs, the IV in the header; {@code payload} null for key transport. */
    public static EncryptedElement legacy(int senderDeviceId, List<RecipientKey> keys, byte[] iv, byte[] payload) {
        Objects.requireNonNull(iv, "legacy OMEMO needs an <iv/>");
        for (RecipientKey key : keys) {
            if (key.jid() != null) {
                throw new IllegalArgumentException("legacy OMEMO keys carry no JID: " + key);
            }
        }
        return new EncryptedElement(OmemoNamespaces.LEGACY, senderDeviceId, keys, iv, payload);
    }

    /**
     * OMEMO 2: every key names its recipient's bare JID; {@code payload} null for an empty message. The keys are kept
     * grouped by JID, in the order the JIDs first appear, as {@link #toXML} writes them (one {@code <keys/>} per
     * JID): a header that names a JID in two places reads back the same once written.
     */
    public static EncryptedElement v2(int senderDeviceId, List<RecipientKey> keys, byte[] payload) {
        Map<String, List<RecipientKey>> byJid = new LinkedHashMap<>();
        for (RecipientKey key : keys) {
            if (key.jid() == null || key.jid().isEmpty()) {
                throw new IllegalArgumentException("OMEMO 2 keys must name the recipient's JID: " + key);
            }
            byJid.computeIfAbsent(key.jid(), jid -> new ArrayList<>()).add(key);
        }
        List<RecipientKey> grouped = byJid.values().stream().flatMap(List::stream).toList();
        return new EncryptedElement(OmemoNamespaces.V2, senderDeviceId, grouped, null, payload);
    }

    public boolean isLegacy() {
        return OmemoNamespaces.LEGACY.equals(namespace);
    }

    public int senderDeviceId() {
        return senderDeviceId;
    }

    public List<RecipientKey> keys() {
        return keys;
    }

    /** The key for one device of ours, if the sender encrypted for it (OMEMO 2 also checks the JID). */
    public Optional<RecipientKey> keyFor(String bareJid, int deviceId) {
        return keys.stream()
                .filter(k -> k.deviceId() == deviceId && (k.jid() == null || k.jid().equals(bareJid)))
                .findFirst();
    }

    /** Legacy OMEMO's payload IV; empty for OMEMO 2. */
    public Optional<byte[]> iv() {
        return Optional.ofNullable(iv).map(byte[]::clone);
    }

    public Optional<byte[]> payload() {
        return Optional.ofNullable(payload).map(byte[]::clone);
    }

    /** An empty message only moves a session forward (key transport / heartbeat / session repair). */
    public boolean isKeyTransport() {
        return payload == null;
    }

    @Override
    public String getElementName() {
        return ELEMENT;
    }

    @Override
    public String getNamespace() {
        return namespace;
    }

    @Override
    public XmlStringBuilder toXML(XmlEnvironment environment) {
        XmlStringBuilder xml = new XmlStringBuilder(this, environment);
        xml.rightAngleBracket();
        xml.halfOpenElement("header").attribute("sid", senderDeviceId).rightAngleBracket();
        if (isLegacy()) {
            keys.forEach(key -> appendKey(xml, key, "prekey"));
            xml.element("iv", Base64Text.encode(iv));
        } else {
            Map<String, List<RecipientKey>> byJid = new LinkedHashMap<>();
            keys.forEach(key -> byJid.computeIfAbsent(key.jid(), j -> new ArrayList<>()).add(key));
            byJid.forEach((jid, jidKeys) -> {
                xml.halfOpenElement("keys").attribute("jid", jid).rightAngleBracket();
                jidKeys.forEach(key -> appendKey(xml, key, "kex"));
                xml.closeElement("keys");
            });
        }
        xml.closeElement("header");
        if (payload != null) {
            xml.element("payload", Base64Text.encode(payload));
        }
        xml.closeElement(this);
        return xml;
    }

    private static void appendKey(XmlStringBuilder xml, RecipientKey key, String keyExchangeAttribute) {
        xml.halfOpenElement("key").attribute("rid", key.deviceId());
        if (key.keyExchange()) {
            xml.attribute(keyExchangeAttribute, "true");
        }
        xml.rightAngleBracket().append(Base64Text.encode(key.data())).closeElement("key");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncryptedElement that && namespace.equals(that.namespace)
                && senderDeviceId == that.senderDeviceId && keys.equals(that.keys) && Arrays.equals(iv, that.iv)
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespace, senderDeviceId, keys, Arrays.hashCode(iv), Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "EncryptedElement[" + (isLegacy() ? "legacy" : "v2") + ", sid=" + senderDeviceId + ", " + keys.size()
                + " keys" + (payload == null ? ", key transport" : ", payload " + payload.length + " bytes") + "]";
    }
}
