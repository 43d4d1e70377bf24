package org.sotto.core.internal.xmpp;

import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;

/**
 * The text of a received message: one {@code <body/>}, chosen in one pass however many the stanza holds.
 *
 * <p>Smack's {@code getBody()} looks for a body in the JVM's default language and returns null when every body
 * carries another {@code xml:lang}: such a message (one {@code <body xml:lang='de'/>} on an English desktop, or
 * 1 000 bodies in other languages) was dropped without a trace. RFC 6120 §8.1.5 makes {@code xml:lang} a hint, so
 * this takes the body without a language or in the stanza's own language, else the first one.
 */
public final class MessageBodies {
    /** More bodies than any multilingual message needs: the stanza is logged, and still shown. */
    public static final int MANY_BODIES = 16;
    private static final Logger LOG = Logger.getLogger(MessageBodies.class.getName());

    private MessageBodies() {
    }

    /** The text to show, or null when the stanza has no body. */
    public static String text(Message message) {
        List<ExtensionElement> bodies = message.getExtensions(Message.Body.QNAME);
        if (bodies.isEmpty()) {
            return null;
        }
        if (bodies.size() > MANY_BODIES) {
            LOG.info(() -> "a message from " + message.getFrom() + " has " + bodies.size() + " <body/> elements;"
                    + " one is kept");
        }
        String stanzaLanguage = message.getLanguage();
        Message.Body first = null;
        for (ExtensionElement element : bodies) {
            if (!(element instanceof Message.Body body) || body.getMessage() == null) {
                continue;
            }
            if (body.getLanguage() == null || body.getLanguage().isEmpty()
                    || Objects.equals(body.getLanguage(), stanzaLanguage)) {
                return body.getMessage();
            }
            if (first == null) {
                first = body;
            }
        }
        return first == null ? null : first.getMessage();
    }

    /** Whether the stanza carries any body (without choosing one). */
    public static boolean present(Message message) {
        return message.hasExtension(Message.Body.QNAME);
    }
}
