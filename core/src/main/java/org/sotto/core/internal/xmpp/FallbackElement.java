package org.sotto.core.internal.xmpp;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/** XEP-0428 {@code <fallback xmlns='urn:xmpp:fallback:0' for='…'/>}: the body is only for clients without the feature. */
public record FallbackElement(String forNamespace) implements ExtensionElement {
    public static final String NAMESPACE = "urn:xmpp:fallback:0";
    public static final String ELEMENT = "fallback";

    @Override
    public String getNamespace() {
        return NAMESPACE;
    }

    @Override
    public String getElementName() {
        return ELEMENT;
    }

    @Override
    public CharSequence toXML(XmlEnvironment environment) {
        XmlStringBuilder xml = new XmlStringBuilder(this, environment);
        xml.attribute("for", forNamespace);
        return xml.closeEmptyElement();
    }
}
