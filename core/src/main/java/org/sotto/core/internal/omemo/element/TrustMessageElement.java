package org.sotto.core.internal.omemo.element;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * A XEP-0434 trust message as XEP-0450 (ATM) uses it, always inside an OMEMO 2 SCE envelope:
 * {@code <trust-message xmlns='urn:xmpp:tm:1' usage='urn:xmpp:atm:1' encryption='urn:xmpp:omemo:2'>} with one
 * {@code <key-owner jid='…'/>} per JID, each holding {@code <trust/>} and {@code <distrust/>} key identifiers
 * (Base64 of the 32-byte Ed25519 identity key).
 */
public final class TrustMessageElement implements ExtensionElement {
    public static final String ELEMENT = "trust-message";
    public static final String NAMESPACE = "urn:xmpp:tm:1";
    public static final String USAGE_ATM = "urn:xmpp:atm:1";
    /** Most key identifiers read from one received message; the rest are ignored. */
    public static final int MAX_KEYS = 1000;

    /** One key identifier about one owner: trusted (authenticated) or distrusted. */
    public record Entry(String owner, byte[] key, boolean trust) {
    }

    private final List<Entry> entries;

    public TrustMessageElement(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /**
     * The ATM trust message among an envelope's content, read from Smack's generic form; empty when there is none
     * (another usage or encryption counts as none). Key identifiers that are not Base64 of 32 bytes are skipped; at
     * most {@link #MAX_KEYS} are read.
     */
    public static Optional<TrustMessageElement> from(List<? extends ExtensionElement> content) {
        for (ExtensionElement element : content) {
            if (!(element instanceof StandardExtensionElement tm) || !ELEMENT.equals(tm.getElementName())
                    || !NAMESPACE.equals(tm.getNamespace()) || !USAGE_ATM.equals(tm.getAttributeValue("usage"))
                    || !OmemoNamespaces.V2.equals(tm.getAttributeValue("encryption"))) {
                continue;
            }
            List<Entry> entries = new ArrayList<>();
            for (StandardExtensionElement owner : tm.getElements()) {
                String jid = "key-owner".equals(owner.getElementName()) ? owner.getAttributeValue("jid") : null;
                if (jid == null || jid.isBlank()) {
                    continue;
                }
                for (StandardExtensionElement key : owner.getElements()) {
                    boolean trust = "trust".equals(key.getElementName());
                    if (!trust && !"distrust".equals(key.getElementName())) {
                        continue;
                    }
                    decode(key.getText()).ifPresent(bytes -> entries.add(new Entry(jid, bytes, trust)));
                    if (entries.size() >= MAX_KEYS) {
                        return Optional.of(new TrustMessageElement(entries));
                    }
                }
            }
            return Optional.of(new TrustMessageElement(entries));
        }
        return Optional.empty();
    }

    private static Optional<byte[]> decode(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            byte[] key = Base64.getDecoder().decode(text.strip());
            return key.length == 32 ? Optional.of(key) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String getElementName() {
        return ELEMENT;
    }

    @Override
    public String getNamespace() {
        return NAMESPACE;
    }

    @Override
    public XmlStringBuilder toXML(XmlEnvironment environment) {
        XmlStringBuilder xml = new XmlStringBuilder(this, environment);
        xml.attribute("usage", USAGE_ATM).attribute("encryption", OmemoNamespaces.V2).rightAngleBracket();
        List<String> owners = entries.stream().map(Entry::owner).distinct().toList();
        for (String owner : owners) {
            xml.halfOpenElement("key-owner").attribute("jid", owner).rightAngleBracket();
            for (Entry entry : entries) {
                if (entry.owner().equals(owner)) {
                    xml.element(entry.trust() ? "trust" : "distrust", Base64.getEncoder().encodeToString(entry.key()));
                }
            }
            xml.closeElement("key-owner");
        }
        xml.closeElement(this);
        return xml;
    }
}
