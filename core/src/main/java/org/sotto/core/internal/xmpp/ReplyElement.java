package org.sotto.core.internal.xmpp;

import java.util.Optional;

import javax.xml.namespace.QName;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/** XEP-0461 {@code <reply to='…' id='…' xmlns='urn:xmpp:reply:0'/>}. */
public record ReplyElement(Optional<String> to, String id) implements ExtensionElement {
    public static final String NAMESPACE = "urn:xmpp:reply:0";
    public static final String ELEMENT = "reply";
    public static final QName QNAME = new QName(NAMESPACE, ELEMENT);

    public static ReplyElement from(Message message) {
        return message.getExtension(ReplyElement.class);
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
        xml.optAttribute("to", to.orElse(null));
        xml.attribute("id", id);
        return xml.closeEmptyElement();
    }
}
