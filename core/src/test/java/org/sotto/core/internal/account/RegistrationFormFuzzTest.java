package org.sotto.core.internal.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smackx.iqregister.packet.Registration;

import org.sotto.core.api.account.RegistrationField;
import org.sotto.core.api.account.RegistrationForm;
import org.sotto.core.api.account.RegistrationMedia;
import org.sotto.core.internal.xmpp.SottoProviders;

/**
 * A server's answer to "how do I register" (XEP-0077, with a XEP-0004 form, XEP-0158 CAPTCHA media and XEP-0231
 * data), fuzzed. The server is not trusted yet: the user is only asking to create an account there. The input is
 * the content of {@code <query xmlns='jabber:iq:register'/>}; what Smack itself refuses (an exception it turns into a
 * dropped stanza, or one from its own stanza parsing that the connection drops) is skipped. Contract:
 * {@link Registrar#toForm} turns whatever Smack parsed into a form without an exception; every field has a name and a
 * type, {@link RegistrationForm#extraFields} works, and inline media data is only there when a {@code cid:sha1+…}
 * names its SHA-1.
 */
class RegistrationFormFuzzTest {
    static {
        SottoProviders.register(); // as in the running core: Smack's data form parser is guarded
    }

    @FuzzTest
    void registrationForm(byte[] input) throws Exception {
        String xml = "<iq xmlns='jabber:client' type='result' from='example.org' id='reg1'>"
                + "<query xmlns='jabber:iq:register'>" + new String(input, StandardCharsets.UTF_8) + "</query></iq>";
        Stanza stanza;
        try {
            stanza = PacketParserUtils.parseStanza(xml);
        } catch (XmlPullParserException | SmackParsingException | IOException | IllegalArgumentException dropped) {
            return;
        } catch (RuntimeException droppedByTheConnection) {
            // Smack's own stanza parsing (not a provider: those are guarded), e.g. an <error/> without type:
            // SottoTcpConnection drops such a stanza and stays connected (UnparsableStanzaTest)
            return;
        }
        if (!(stanza instanceof Registration answer)) {
            return;
        }
        RegistrationForm form = Registrar.toForm("example.org", answer);
        form.extraFields();
        for (RegistrationField field : form.fields()) {
            assertNotNull(field.name());
            assertNotNull(field.type());
            for (RegistrationMedia media : field.media()) {
                if (media.inline()) {
                    assertEquals("cid", media.uri().getScheme().toLowerCase(Locale.ROOT));
                    String cid = media.uri().getSchemeSpecificPart();
                    if (cid.toLowerCase(Locale.ROOT).startsWith("sha1+")) {
                        String hash = cid.substring(5, cid.indexOf('@') < 0 ? cid.length() : cid.indexOf('@'));
                        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                                .digest(media.data().orElseThrow()));
                        assertTrue(hash.equalsIgnoreCase(actual), "inline data is the data its content id names");
                    }
                }
            }
        }
    }
}
