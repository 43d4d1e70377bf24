package org.sotto.core.internal.xmpp;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import org.jivesoftware.smack.packet.Element;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * An element's XML as one string, in time linear in its size.
 *
 * <p>Smack 4.4.8's {@code toXML().toString()} is quadratic in the number of child elements: {@code LazyStringBuilder}
 * appends a nested {@code XmlStringBuilder} to a {@code StringBuilder} character by character, and each
 * {@code charAt} walks the children again. A stanza with 10 000 OMEMO keys took minutes. {@code XmlStringBuilder.write}
 * walks the tree once (it is what Smack's writer uses for the wire).
 */
public final class XmlText {
    private XmlText() {
    }

    public static String of(Element element) {
        CharSequence xml = element.toXML(XmlEnvironment.EMPTY);
        if (!(xml instanceof XmlStringBuilder builder)) {
            return xml.toString();
        }
        StringWriter writer = new StringWriter(4096);
        try {
            builder.write(writer, XmlEnvironment.EMPTY);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return writer.toString();
    }
}
