package org.sotto.core.internal.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smackx.xdata.packet.DataForm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Smack 4.4.8's data form parser throws a NullPointerException for a form without {@code type}, its XEP-0231 parser a
 * StringIndexOutOfBoundsException for a cid without '@'; its reader catches only parsing exceptions, so such a
 * stanza closed the connection (found by {@code RegistrationFormFuzzTest}). Guarded, the stanza is a
 * SmackParsingException, which Smack hands to Sotto's callback that drops it.
 */
class GuardedProvidersTest {
    @BeforeAll
    static void register() {
        SottoProviders.register();
    }

    @Test
    void aDataFormWithoutTypeIsAParsingErrorNotANullPointerException() {
        assertThrows(SmackParsingException.class, () -> PacketParserUtils.parseStanza(
                "<message xmlns='jabber:client' from='mallory@example.org/x' to='alice@example.org' id='m1'>"
                        + "<body>hi</body><x xmlns='jabber:x:data'/></message>"));
    }

    @Test
    void bitsOfBinaryWithACidWithoutAtIsAParsingErrorInAMessageAndAnIq() {
        assertThrows(SmackParsingException.class, () -> PacketParserUtils.parseStanza(
                "<message xmlns='jabber:client' from='mallory@example.org/x' to='alice@example.org' id='m3'>"
                        + "<data xmlns='urn:xmpp:bob' cid='sha1+0123456789abcdef'>AAAA</data></message>"));
        assertThrows(SmackParsingException.class, () -> PacketParserUtils.parseStanza(
                "<iq xmlns='jabber:client' type='result' from='mallory@example.org/x' to='alice@example.org/r' id='i1'>"
                        + "<data xmlns='urn:xmpp:bob' cid='sha1+0123456789abcdef'>AAAA</data></iq>"));
    }

    @Test
    void aWellFormedDataFormStillParses() throws Exception {
        Message message = PacketParserUtils.parseStanza(
                "<message xmlns='jabber:client' from='bob@example.org/x' to='alice@example.org' id='m2'>"
                        + "<x xmlns='jabber:x:data' type='form'><field var='a'><value>1</value></field></x></message>");
        assertEquals("1", message.getExtension(DataForm.class).getField("a").getFirstValue());
    }
}
