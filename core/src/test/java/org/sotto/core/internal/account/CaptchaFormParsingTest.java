package org.sotto.core.internal.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smackx.iqregister.packet.Registration;
import org.jivesoftware.smackx.xdata.packet.DataForm;

import org.junit.jupiter.api.Test;

import org.sotto.core.api.account.RegistrationField;
import org.sotto.core.api.account.RegistrationForm;
import org.sotto.core.api.account.RegistrationMedia;

/**
 * A XEP-0077 registration form with a XEP-0158 CAPTCHA: the XEP-0221 media of the answer field and the XEP-0231
 * bits-of-binary data in the same IQ, parsed by Smack's own parser and providers (Prosody 0.12's mod_register sends
 * no CAPTCHA, so the stanza is the XEP's example, with a real image in the data element).
 */
class CaptchaFormParsingTest {
    /** A 1×1 PNG. */
    private static final String PNG_BASE64 =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    private static String answer(String cidHash, String dataBase64) {
        String cid = "sha1+" + cidHash + "@bob.xmpp.org";
        // modelled on XEP-0158's registration challenge, with the BoB data inline
        return """
                <iq xmlns='jabber:client' type='result' from='shakespeare.lit' id='reg1'>
                  <query xmlns='jabber:iq:register'>
                    <instructions>Choose a username and password to register with this server</instructions>
                    <x xmlns='jabber:x:data' type='form'>
                      <field type='hidden' var='FORM_TYPE'><value>urn:xmpp:captcha</value></field>
                      <field type='hidden' var='from'><value>shakespeare.lit</value></field>
                      <field type='hidden' var='challenge'><value>F3A6292C</value></field>
                      <field type='hidden' var='sid'><value>1</value></field>
                      <field type='text-single' label='User' var='username'><required/></field>
                      <field type='text-private' label='Password' var='password'><required/></field>
                      <field type='text-single' label='Enter the text you see' var='ocr'>
                        <media xmlns='urn:xmpp:media-element' height='80' width='290'>
                          <uri type='image/png'>http://www.shakespeare.lit/challenges/ocr.png?F3A6292C</uri>
                          <uri type='image/png'>cid:%s</uri>
                        </media>
                        <required/>
                      </field>
                    </x>
                    <data xmlns='urn:xmpp:bob' cid='%s' type='image/png' max-age='0'>%s</data>
                  </query>
                </iq>
                """.formatted(cid, cid, dataBase64);
    }

    private static RegistrationForm parse(String xml) throws Exception {
        Stanza stanza = PacketParserUtils.parseStanza(xml);
        return Registrar.toForm("shakespeare.lit", (Registration) stanza);
    }

    @Test
    void theCaptchaImageComesWithItsBytesFromBitsOfBinaryAndAsAWebAddress() throws Exception {
        byte[] png = Base64.getDecoder().decode(PNG_BASE64);
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(png));
        RegistrationForm form = parse(answer(sha1, PNG_BASE64));

        assertTrue(form.fromDataForm());
        RegistrationField ocr = form.extraFields().stream().filter(f -> f.name().equals("ocr")).findFirst().orElseThrow();
        assertEquals(List.of("ocr"), form.extraFields().stream().map(RegistrationField::name).toList(),
                "hidden CAPTCHA fields (challenge, sid, …) are not for the user");
        assertTrue(ocr.required());
        assertEquals(2, ocr.media().size());

        RegistrationMedia web = ocr.media().get(0);
        assertEquals(URI.create("http://www.shakespeare.lit/challenges/ocr.png?F3A6292C"), web.uri());
        assertFalse(web.inline());
        assertEquals(OptionalInt.of(290), web.width());
        assertEquals(OptionalInt.of(80), web.height());

        RegistrationMedia inline = ocr.media().get(1);
        assertEquals("image/png", inline.mimeType());
        assertEquals(URI.create("cid:sha1+" + sha1 + "@bob.xmpp.org"), inline.uri());
        assertArrayEquals(png, inline.data().orElseThrow());

        assertTrue(form.fields().stream().filter(f -> !f.name().equals("ocr")).allMatch(f -> f.media().isEmpty()));
    }

    @Test
    void dataWhoseContentIdIsNotItsHashIsNotShown() throws Exception {
        RegistrationForm form = parse(answer("f24030b8d91d233bac14777be5ab531ca3b9f102", PNG_BASE64));
        RegistrationField ocr = form.fields().stream().filter(f -> f.name().equals("ocr")).findFirst().orElseThrow();
        assertEquals(2, ocr.media().size());
        assertTrue(ocr.media().stream().noneMatch(RegistrationMedia::inline), "only the URIs remain");
    }

    /** SHA-1 of nothing: the content id of empty data matches it. Empty data is no picture (Smack asserts it never is). */
    @Test
    void emptyDataIsNotShown() throws Exception {
        RegistrationForm form = parse(answer("da39a3ee5e6b4b0d3255bfef95601890afd80709", ""));
        RegistrationField ocr = form.fields().stream().filter(f -> f.name().equals("ocr")).findFirst().orElseThrow();
        assertTrue(ocr.media().stream().noneMatch(RegistrationMedia::inline), "only the URIs remain");
    }

    @Test
    void theAnswerIsASubmitFormEchoingTheChallengeWithTheUsersAnswers() throws Exception {
        Registration offered = (Registration) PacketParserUtils.parseStanza(answer("00", PNG_BASE64));
        DataForm submit = Registrar.submission(
                offered.getExtension(DataForm.class), "juliet", "r0meo",
                Map.of("ocr", "7nHL3"));

        assertEquals(DataForm.Type.submit, submit.getType());
        assertEquals("urn:xmpp:captcha", submit.getFormType());
        assertEquals("shakespeare.lit", submit.getField("from").getFirstValue());
        assertEquals("F3A6292C", submit.getField("challenge").getFirstValue());
        assertEquals("1", submit.getField("sid").getFirstValue());
        assertEquals("juliet", submit.getField("username").getFirstValue());
        assertEquals("r0meo", submit.getField("password").getFirstValue());
        assertEquals("7nHL3", submit.getField("ocr").getFirstValue());
        assertTrue(submit.getField("ocr").getFormFieldChildElements().isEmpty(), "the media is not sent back");
    }
}
