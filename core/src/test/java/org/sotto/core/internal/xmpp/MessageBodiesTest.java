package org.sotto.core.internal.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.util.PacketParserUtils;

import org.junit.jupiter.api.Test;

/** Which body a received message shows, whatever languages its bodies are in. */
class MessageBodiesTest {
    private static Message parse(String attributes, String content) throws Exception {
        return PacketParserUtils.parseStanza("<message xmlns='jabber:client' from='a@b/c' type='chat'" + attributes + ">"
                + content + "</message>");
    }

    @Test
    void aBodyInAnotherLanguageThanTheDesktopsIsShown() throws Exception {
        Message german = parse("", "<body xml:lang='de'>Hallo</body>");
        assertEquals("Hallo", MessageBodies.text(german));
        assertTrue(MessageBodies.present(german));
    }

    @Test
    void theBodyWithoutLanguageOrInTheStanzasLanguageWinsElseTheFirst() throws Exception {
        assertEquals("plain", MessageBodies.text(parse("", "<body xml:lang='fr'>salut</body><body>plain</body>")));
        assertEquals("hola", MessageBodies.text(parse(" xml:lang='es'",
                "<body xml:lang='fr'>salut</body><body xml:lang='es'>hola</body>")));
        assertEquals("salut", MessageBodies.text(parse("", "<body xml:lang='fr'>salut</body><body xml:lang='it'>ciao</body>")));
    }

    @Test
    void noBodyIsNull() throws Exception {
        Message none = parse("", "<active xmlns='http://jabber.org/protocol/chatstates'/>");
        assertNull(MessageBodies.text(none));
        assertFalse(MessageBodies.present(none));
    }
}
