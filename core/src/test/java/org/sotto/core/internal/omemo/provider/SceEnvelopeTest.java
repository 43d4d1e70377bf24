package org.sotto.core.internal.omemo.provider;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.parsing.SmackParsingException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.internal.omemo.element.SceEnvelope;
import org.sotto.core.internal.omemo.element.SceVerificationException;

class SceEnvelopeTest {
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static BareJid jid(String text) throws Exception {
        return JidCreate.bareFrom(text);
    }

    @Test
    void anEnvelopeRoundTripsAndVerifiesAgainstItsStanza() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        StandardExtensionElement oob = StandardExtensionElement.builder("x", "jabber:x:oob")
                .addElement("url", "https://example.org/file").build();
        SceEnvelope sent = SceEnvelope.forMessage("Hello <World> & friends", List.of(oob), jid("romeo@montague.lit"),
                jid("juliet@capulet.lit"), now, new SecureRandom());
        SceEnvelope received = SceEnvelopeProvider.parse(sent.toBytes());

        assertEquals(Optional.of("Hello <World> & friends"), received.body());
        assertEquals(2, received.content().size());
        assertTrue(received.content().get(1).toXML().toString().contains("https://example.org/file"));
        assertEquals(Optional.of(now), received.time());
        assertTrue(received.rpad().isPresent(), "always an rpad, of 0 to 200 characters above the minimum length");
        assertDoesNotThrow(() -> received.verify(jid("romeo@montague.lit"), jid("juliet@capulet.lit"), false,
                now.plusSeconds(2), TOLERANCE));
    }

    @Test
    void paddingHidesShortMessagesLength() throws Exception {
        SecureRandom random = new SecureRandom();
        SceEnvelope a = SceEnvelope.forMessage("y", List.of(), jid("a@x"), jid("b@x"), Instant.now(), random);
        assertTrue(a.toBytes().length > 64 + "y".length(), "short bodies are padded to a minimum size");
    }

    @Test
    void aForgedSenderRecipientRoomOrTimeIsRejected() throws Exception {
        Instant now = Instant.now();
        SceEnvelope envelope = SceEnvelope.forMessage("hi", List.of(), jid("romeo@montague.lit"),
                jid("juliet@capulet.lit"), now, new SecureRandom());
        SceVerificationException sender = assertThrows(SceVerificationException.class, () -> envelope.verify(
                jid("mallory@evil.lit"), jid("juliet@capulet.lit"), false, now, TOLERANCE));
        assertTrue(sender.getMessage().contains("sender"), sender.getMessage());
        assertThrows(SceVerificationException.class, () -> envelope.verify(jid("romeo@montague.lit"),
                jid("nurse@capulet.lit"), false, now, TOLERANCE));
        assertThrows(SceVerificationException.class, () -> envelope.verify(jid("romeo@montague.lit"),
                jid("juliet@capulet.lit"), false, now.plus(Duration.ofHours(3)), TOLERANCE));

        SceEnvelope withoutTo = new SceEnvelope(envelope.content(), "x", now, jid("romeo@montague.lit"), null);
        assertThrows(SceVerificationException.class, () -> withoutTo.verify(jid("romeo@montague.lit"),
                jid("room@conference.montague.lit"), true, now, TOLERANCE));
        assertDoesNotThrow(() -> withoutTo.verify(jid("romeo@montague.lit"), jid("juliet@capulet.lit"), false, now,
                TOLERANCE));
    }

    @Test
    void somethingElseThanAnEnvelopeIsAParsingError() {
        assertThrows(SmackParsingException.class,
                () -> SceEnvelopeProvider.parse("<body xmlns='jabber:client'>x</body>".getBytes(StandardCharsets.UTF_8)));
        assertThrows(SmackParsingException.class,
                () -> SceEnvelopeProvider.parse("<envelope xmlns='urn:xmpp:sce:1'><content>".getBytes(StandardCharsets.UTF_8)));
        assertThrows(SmackParsingException.class,
                () -> SceEnvelopeProvider.parse("<envelope xmlns='urn:xmpp:sce:1'><rpad>x</rpad></envelope>"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThrows(SmackParsingException.class,
                () -> SceEnvelopeProvider.parse("<envelope xmlns='urn:xmpp:sce:1'><content/><from jid='romeo@montague.lit/phone'/></envelope>"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThrows(SmackParsingException.class,
                () -> SceEnvelopeProvider.parse("<envelope xmlns='urn:xmpp:sce:1'><content/><to jid=''/></envelope>"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThrows(SmackParsingException.class, () -> SceEnvelopeProvider.parse(new byte[0]));
        assertThrows(SmackParsingException.class, () -> SceEnvelopeProvider.parse("just text".getBytes(StandardCharsets.UTF_8)));
    }

    /** Found by fuzzing: XPP3 looped for ever on these after the root element, and the receiving thread with it. */
    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void whatFollowsTheEnvelopeCannotStallTheParser() throws Exception {
        SceEnvelope sent = SceEnvelope.forMessage("then a trailer", List.of(), jid("a@x"), jid("b@x"),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), new SecureRandom());
        for (String trailer : List.of("<?", "<?x", " <?x y", "<?x?><?y", "<!--", "<!DOCTYPE")) {
            byte[] bytes = (new String(sent.toBytes(), StandardCharsets.UTF_8) + trailer).getBytes(StandardCharsets.UTF_8);
            assertEquals(Optional.of("then a trailer"), SceEnvelopeProvider.parse(bytes).body(), trailer);
        }
    }

    @Test
    void theParserThisThreadReusesStartsAfreshAfterABrokenEnvelope() throws Exception {
        SceEnvelope sent = SceEnvelope.forMessage("after the broken one", List.of(), jid("a@x"), jid("b@x"),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), new SecureRandom());
        assertThrows(SmackParsingException.class,
                () -> SceEnvelopeProvider.parse("<envelope xmlns='urn:xmpp:sce:1'><content><body".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.of("after the broken one"), SceEnvelopeProvider.parse(sent.toBytes()).body());
    }
}
