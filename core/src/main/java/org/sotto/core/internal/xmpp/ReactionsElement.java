package org.sotto.core.internal.xmpp;

import java.util.Set;
import java.util.TreeSet;

import javax.xml.namespace.QName;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/** XEP-0444 {@code <reactions id='…' xmlns='urn:xmpp:reactions:0'><reaction>👍</reaction></reactions>}: the full set. */
public record ReactionsElement(String id, Set<String> reactions) implements ExtensionElement {
    public static final String NAMESPACE = "urn:xmpp:reactions:0";
    public static final String ELEMENT = "reactions";
    public static final QName QNAME = new QName(NAMESPACE, ELEMENT);

    public ReactionsElement {
        reactions = Set.copyOf(new TreeSet<>(reactions));
    }

    public static ReactionsElement from(Message message) {
        return message.getExtension(ReactionsElement.class);
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
        if (reactions.isEmpty()) {
            return xml.closeEmptyElement();
        }
        xml.rightAngleBracket();
        for (String reaction : new TreeSet<>(reactions)) {
            xml.element("reaction", reaction);
        }
        return xml.closeElement(this);
    }
}
