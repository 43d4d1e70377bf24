package org.sotto.core.internal.omemo.element;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

import org.jxmpp.jid.BareJid;
import org.jxmpp.util.XmppDateTime;

/**
 * A XEP-0420 Stanza Content Encryption envelope, the plaintext of an OMEMO 2 payload: the protected extension
 * elements plus the affixes OMEMO's SCE profile uses — rpad (always), time, from, and to (required in group chats).
 */
public final class SceEnvelope implements ExtensionElement {
    public static final String ELEMENT = "envelope";
    public static final String NAMESPACE = "urn:xmpp:sce:1";
    private static final String RPAD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /** Payloads are padded to at least this many characters of content before the random 0–200 on top. */
    private static final int MINIMUM_PADDED_LENGTH = 64;

    private final List<ExtensionElement> content;
    private final String rpad;
    private final Instant time;
    private final BareJid from;
    private final BareJid to;

    public SceEnvelope(List<? extends ExtensionElement> content, String rpad, Instant time, BareJid from, BareJid to) {
        this.content = List.copyOf(content);
        this.rpad = rpad;
        this.time = time;
        this.from = from;
        this.to = to;
    }

    /** An envelope for a chat message: the body, any further protected elements, padding and all affixes. */
    public static SceEnvelope forMessage(String body, List<? extends ExtensionElement> extensions, BareJid from,
                                         BareJid to, Instant time, SecureRandom random) {
        List<ExtensionElement> content = new ArrayList<>();
        if (body != null) {
            content.add(StandardExtensionElement.builder("body", "jabber:client").setText(body).build());
        }
        content.addAll(extensions);
        int contentLength = content.stream().mapToInt(e -> e.toXML().length()).sum();
        int padding = Math.max(0, MINIMUM_PADDED_LENGTH - contentLength) + random.nextInt(201);
        StringBuilder rpad = new StringBuilder(padding);
        for (int i = 0; i < padding; i++) {
            rpad.append(RPAD_ALPHABET.charAt(random.nextInt(RPAD_ALPHABET.length())));
        }
        return new SceEnvelope(content, rpad.toString(), time, Objects.requireNonNull(from, "from"),
                Objects.requireNonNull(to, "to"));
    }

    public List<ExtensionElement> content() {
        return content;
    }

    /** The text of the protected {@code <body xmlns='jabber:client'/>}, if any. */
    public Optional<String> body() {
        return content.stream()
                .filter(e -> "body".equals(e.getElementName()) && "jabber:client".equals(e.getNamespace()))
                .map(e -> e instanceof Message.Body b ? b.getMessage()
                        : e instanceof StandardExtensionElement s ? s.getText() : null)
                .filter(Objects::nonNull).findFirst();
    }

    public Optional<Instant> time() {
        return Optional.ofNullable(time);
    }

    public Optional<BareJid> from() {
        return Optional.ofNullable(from);
    }

    public Optional<BareJid> to() {
        return Optional.ofNullable(to);
    }

    public Optional<String> rpad() {
        return Optional.ofNullable(rpad);
    }

    /**
     * The checks XEP-0420 asks of a receiver, with OMEMO's profile: {@code from} and {@code to} must name the
     * enclosing stanza's sender and recipient (in a group chat {@code to} must be present and name the room), and
     * {@code time} must lie within {@code tolerance} of when the stanza says it was sent.
     *
     * @throws SceVerificationException saying which affix does not match
     */
    public void verify(BareJid stanzaFrom, BareJid stanzaTo, boolean groupChat, Instant stanzaTime, Duration tolerance)
            throws SceVerificationException {
        if (from != null && !from.equals(stanzaFrom)) {
            throw new SceVerificationException("the encrypted sender " + from + " is not the stanza's sender "
                    + stanzaFrom + " (a spoofed or forwarded message)");
        }
        if (to == null && groupChat) {
            throw new SceVerificationException("a group chat message must name its room inside the encryption");
        }
        if (to != null && !to.equals(stanzaTo)) {
            throw new SceVerificationException("the encrypted recipient " + to + " is not the stanza's recipient "
                    + stanzaTo + (groupChat ? " (a private message turned into a group message?)" : ""));
        }
        if (time != null && Duration.between(time, stanzaTime).abs().compareTo(tolerance) > 0) {
            throw new SceVerificationException("the encrypted time " + time + " differs from the stanza's time "
                    + stanzaTime + " by more than " + tolerance.toMinutes() + " minutes (a replayed message?)");
        }
    }

    /** The envelope as the UTF-8 bytes OMEMO 2 encrypts. */
    public byte[] toBytes() {
        return toXML().toString().getBytes(StandardCharsets.UTF_8);
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
        xml.rightAngleBracket();
        xml.openElement("content");
        content.forEach(element -> xml.append(element.toXML(XmlEnvironment.EMPTY)));
        xml.closeElement("content");
        if (rpad != null) {
            xml.element("rpad", rpad);
        }
        if (time != null) {
            xml.halfOpenElement("time").attribute("stamp", XmppDateTime.formatXEP0082Date(Date.from(time)))
                    .closeEmptyElement();
        }
        if (to != null) {
            xml.halfOpenElement("to").attribute("jid", to).closeEmptyElement();
        }
        if (from != null) {
            xml.halfOpenElement("from").attribute("jid", from).closeEmptyElement();
        }
        xml.closeElement(this);
        return xml;
    }

    @Override
    public String toString() {
        return "SceEnvelope[" + content.size() + " elements, from " + from + ", to " + to + ", time " + time + "]";
    }
}
