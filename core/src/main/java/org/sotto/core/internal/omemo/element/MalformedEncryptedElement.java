package org.sotto.core.internal.omemo.element;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;

/**
 * What an OMEMO {@code <encrypted/>} element that could not be parsed (a device id that is not a number, say) becomes,
 * so that its message still goes through the pipeline and is stored UNDECRYPTABLE ("malformed") instead of vanishing.
 * Never sent.
 *
 * @param namespace the element's namespace (legacy OMEMO or OMEMO 2)
 * @param problem   what the parser refused, for the log (about the element's structure, no content)
 * @param hasPayload whether it had a {@code <payload/>}, i.e. was a message and not an empty key transport
 */
public record MalformedEncryptedElement(String namespace, String problem, boolean hasPayload) implements ExtensionElement {
    @Override
    public String getElementName() {
        return EncryptedElement.ELEMENT;
    }

    @Override
    public String getNamespace() {
        return namespace;
    }

    @Override
    public CharSequence toXML(XmlEnvironment environment) {
        return "<" + EncryptedElement.ELEMENT + " xmlns='" + namespace + "'/>";
    }
}
