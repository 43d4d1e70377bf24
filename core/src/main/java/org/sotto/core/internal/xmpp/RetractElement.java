package org.sotto.core.internal.xmpp;

import javax.xml.namespace.QName;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * XEP-0424 (v1, {@code urn:xmpp:message-retract:1}) {@code <retract id='…'/>}. Smack 4.4 only knows the older
 * fastening-based version 0, hence our own element.
 */
public record RetractElement(String id) implements ExtensionElement {
    public static final String NAMESPACE = "urn:xmpp:message-retract:1";
    public static final String ELEMENT = "retract";
    public static final QName QNAME = new QName(NAMESPACE, ELEMENT);

    public static RetractElement from(Message message) {
        return message.getExtension(RetractElement.class);
    }

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
        xml.attribute("id", id);
        return xml.closeEmptyElement();
    }
}
