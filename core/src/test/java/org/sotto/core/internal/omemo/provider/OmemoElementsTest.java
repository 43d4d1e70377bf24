package org.sotto.core.internal.omemo.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.sotto.core.internal.omemo.element.BundleElement.PreKey;
import org.sotto.core.internal.omemo.element.BundleElement;
import org.sotto.core.internal.omemo.element.DeviceListElement.Device;
import org.sotto.core.internal.omemo.element.DeviceListElement;
import org.sotto.core.internal.omemo.element.EncryptedElement;
import org.sotto.core.internal.omemo.element.MalformedEncryptedElement;
import org.sotto.core.internal.omemo.element.OmemoNamespaces;
import org.sotto.core.internal.omemo.element.RecipientKey;

/** The OMEMO elements of both versions, parsed from the XEPs' examples (with real base64) and written back. */
class OmemoElementsTest {

    @BeforeAll
    static void registerProviders() {
        OmemoProviders.register();
    }

    private static <E extends ExtensionElement> E parseIn(String stanza, String element, String namespace) throws Exception {
        Message message = PacketParserUtils.parseStanza(stanza);
        return message.getExtension(element, namespace);
    }

    @Test
    void legacyEncryptedMessageFromTheSpec() throws Exception {
        String stanza = """
                <message to='juliet@capulet.lit' from='romeo@montague.lit' id='send1' xmlns='jabber:client'>
                  <encrypted xmlns='eu.siacs.conversations.axolotl'>
                    <header sid='27183'>
                      <key rid='31415'>AQID</key>
                      <key prekey="true" rid='12321'>
                        BAUG
                      </key>
                      <iv>AAECAwQFBgcICQoL</iv>
                    </header>
                    <payload>aGVsbG8=</payload>
                  </encrypted>
                  <store xmlns='urn:xmpp:hints'/>
                </message>""";
        EncryptedElement encrypted = parseIn(stanza, "encrypted", OmemoNamespaces.LEGACY);
        assertTrue(encrypted.isLegacy());
        assertEquals(27183, encrypted.senderDeviceId());
        assertEquals(List.of(new RecipientKey(null, 31415, false, new byte[] {1, 2, 3}),
                new RecipientKey(null, 12321, true, new byte[] {4, 5, 6})), encrypted.keys());
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, encrypted.iv().orElseThrow());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), encrypted.payload().orElseThrow());
        assertTrue(encrypted.keyFor("juliet@capulet.lit", 12321).orElseThrow().keyExchange());
        assertEquals(encrypted, reparse(encrypted));
    }

    @Test
    void omemo2MessageGroupsKeysByJidAndAnEmptyOneIsKeyTransport() throws Exception {
        String stanza = """
                <message to='juliet@capulet.lit' from='romeo@montague.lit' id='send1' xmlns='jabber:client'>
                  <encrypted xmlns='urn:xmpp:omemo:2'>
                    <header sid='27183'>
                      <keys jid='juliet@capulet.lit'>
                        <key rid='31415'>AQID</key>
                      </keys>
                      <keys jid='romeo@montague.lit'>
                        <key rid='1337'>BAUG</key>
                        <key kex='true' rid='12321'>BwgJ</key>
                      </keys>
                    </header>
                  </encrypted>
                </message>""";
        EncryptedElement encrypted = parseIn(stanza, "encrypted", OmemoNamespaces.V2);
        assertFalse(encrypted.isLegacy());
        assertTrue(encrypted.isKeyTransport());
        assertEquals(3, encrypted.keys().size());
        assertEquals("romeo@montague.lit", encrypted.keys().get(2).jid());
        assertTrue(encrypted.keys().get(2).keyExchange());
        // a key for the same device id under another JID is not ours
        assertEquals(Optional.empty(), encrypted.keyFor("juliet@capulet.lit", 1337));
        assertTrue(encrypted.keyFor("romeo@montague.lit", 1337).isPresent());
        assertEquals(encrypted, reparse(encrypted));
    }

    @Test
    void omemo2KeysOfOneJidInTwoPlacesAreGroupedAsTheyAreWritten() throws Exception {
        EncryptedElement encrypted = parseIn("""
                <message xmlns='jabber:client'><encrypted xmlns='urn:xmpp:omemo:2'><header sid='27183'>
                  <keys jid='juliet@capulet.lit'><key rid='1'>AQID</key></keys>
                  <keys jid='romeo@montague.lit'><key rid='2'>BAUG</key></keys>
                  <keys jid='juliet@capulet.lit'><key rid='3'>BwgJ</key></keys>
                </header></encrypted></message>""", "encrypted", OmemoNamespaces.V2);
        assertEquals(List.of(1, 3, 2), encrypted.keys().stream().map(RecipientKey::deviceId).toList());
        assertTrue(encrypted.keyFor("juliet@capulet.lit", 3).isPresent());
        assertEquals(encrypted, reparse(encrypted));
    }

    @Test
    void omemo2KeysJidIsReadInItsNormalForm() throws Exception {
        EncryptedElement encrypted = parseIn("""
                <message xmlns='jabber:client'><encrypted xmlns='urn:xmpp:omemo:2'><header sid='27183'>
                  <keys jid='Juliet@Capulet.LIT'><key rid='31415'>AQID</key></keys>
                </header></encrypted></message>""", "encrypted", OmemoNamespaces.V2);
        assertTrue(encrypted.keyFor("juliet@capulet.lit", 31415).isPresent(), "as the account's own JID is written");
        assertEquals(encrypted, reparse(encrypted));
        // one final dot is the DNS root, stripped (RFC 7622 §3.2)
        EncryptedElement rooted = parseIn("""
                <message xmlns='jabber:client'><encrypted xmlns='urn:xmpp:omemo:2'><header sid='27183'>
                  <keys jid='juliet@capulet.lit.'><key rid='31415'>AQID</key></keys>
                </header></encrypted></message>""", "encrypted", OmemoNamespaces.V2);
        assertEquals("juliet@capulet.lit", rooted.keys().get(0).jid());
        assertEquals(rooted, reparse(rooted));
    }

    @Test
    void deviceListsOfBothVersionsIgnoreUnsignedLabels() throws Exception {
        DeviceListElement legacy = parse("<list xmlns='eu.siacs.conversations.axolotl'><device id='12345'/>"
                + "<device id='4223'/></list>", new DeviceListElementProvider(true));
        assertEquals(List.of(12345, 4223), legacy.deviceIds());
        assertEquals(legacy, parse(legacy.toXML().toString(), new DeviceListElementProvider(true)));

        DeviceListElement v2 = parse("<devices xmlns='urn:xmpp:omemo:2'><device id='12345'/>"
                + "<device id='4223' label='Gajim on Ubuntu Linux' labelsig='AQID'/>"
                + "<device id='777' label='unsigned'/></devices>", new DeviceListElementProvider(false));
        assertEquals(List.of(12345, 4223, 777), v2.deviceIds());
        Device gajim = v2.devices().get(1);
        assertEquals(Optional.of("Gajim on Ubuntu Linux"), gajim.label());
        assertEquals(Optional.empty(), v2.devices().get(2).label());
        DeviceListElement again = parse(v2.toXML().toString(), new DeviceListElementProvider(false));
        assertEquals(v2, again);
        assertEquals(Optional.of("Gajim on Ubuntu Linux"), again.devices().get(1).label());
    }

    @Test
    void bundlesOfBothVersionsRoundTrip() throws Exception {
        BundleElement legacy = parse("""
                <bundle xmlns='eu.siacs.conversations.axolotl'>
                  <signedPreKeyPublic signedPreKeyId='1'>
                    AQID
                  </signedPreKeyPublic>
                  <signedPreKeySignature>BAUG</signedPreKeySignature>
                  <identityKey>BwgJ</identityKey>
                  <prekeys>
                    <preKeyPublic preKeyId='1'>CgsM</preKeyPublic>
                    <preKeyPublic preKeyId='2'>DQ4P</preKeyPublic>
                  </prekeys>
                </bundle>""", new BundleElementProvider(true));
        assertEquals(new PreKey(1, new byte[] {1, 2, 3}), legacy.signedPreKey());
        assertArrayEquals(new byte[] {7, 8, 9}, legacy.identityKey());
        assertEquals(List.of(new PreKey(1, new byte[] {10, 11, 12}), new PreKey(2, new byte[] {13, 14, 15})),
                legacy.preKeys());
        assertEquals(legacy, parse(legacy.toXML().toString(), new BundleElementProvider(true)));

        BundleElement v2 = parse("<bundle xmlns='urn:xmpp:omemo:2'><spk id='1'>AQID</spk><spks>BAUG</spks>"
                + "<ik>BwgJ</ik><prekeys><pk id='1'>CgsM</pk><pk id='100'>DQ4P</pk></prekeys></bundle>",
                new BundleElementProvider(false));
        assertEquals(100, v2.preKeys().get(1).id());
        assertEquals(v2, parse(v2.toXML().toString(), new BundleElementProvider(false)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<encrypted xmlns='eu.siacs.conversations.axolotl'><header><key rid='1'>AQID</key><iv>AQID</iv></header></encrypted>",
            "<encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='0'><key rid='1'>AQID</key><iv>AQID</iv></header></encrypted>",
            "<encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='5'><key rid='x'>AQID</key><iv>AQID</iv></header></encrypted>",
            "<encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='5'><key rid='1'>AQ!D</key><iv>AQID</iv></header></encrypted>",
            "<encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='5'><key rid='1' prekey='maybe'>AQID</key><iv>AQID</iv></header></encrypted>",
            "<encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='5'><key rid='1'>AQID</key></header><payload>AQID</payload></encrypted>",
            "<encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='5'><iv>AQID</iv></header></encrypted>",
    })
    void malformedLegacyElementsAreMarkedMalformed(String xml) throws Exception {
        assertMalformed(xml, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='5'><key rid='1'>AQID</key></header></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='5'><keys><key rid='1'>AQID</key></keys></header></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='5'><keys jid='a@b'><key rid='1'>AQID</key></keys></header><payload>%%%</payload></encrypted>",
            // not bare JIDs with a local part, and control characters jxmpp would drop instead of refusing
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='5'><keys jid='capulet.lit'><key rid='1'>AQID</key></keys></header></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='5'><keys jid='a@b/phone'><key rid='1'>AQID</key></keys></header></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='5'><keys jid='a b@c'><key rid='1'>AQID</key></keys></header></encrypted>",
            // domains that are no DNS name: jxmpp reads them, but not each the same way twice
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='5'><keys jid='juliet@capulet.lit..'><key rid='1'>AQID</key></keys></header></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='5'><keys jid='juliet@capulet..lit'><key rid='1'>AQID</key></keys></header></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='5'><keys jid='juliet@.capulet.lit'><key rid='1'>AQID</key></keys></header></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='5'><keys jid='juliet@capu let.lit'><key rid='1'>AQID</key></keys></header></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='5'><keys jid='juliet@capulet&#x9;.lit'><key rid='1'>AQID</key></keys></header></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='5'><keys jid='juliet@capu&#xa0;let.lit'><key rid='1'>AQID</key></keys></header></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='5'><keys jid='ju&#xd;liet@capulet.lit'><key rid='1'>AQID</key></keys></header></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='5'><keys jid='juliet@capu&#x1;let.lit'><key rid='1'>AQID</key></keys></header></encrypted>",
    })
    void malformedOmemo2ElementsAreMarkedMalformed(String xml) throws Exception {
        assertMalformed(xml, false);
    }

    /** Not an exception (Smack would drop the stanza), but a marker; the parser ends at the element's end tag. */
    private static void assertMalformed(String xml, boolean legacy) throws Exception {
        XmlPullParser parser = PacketParserUtils.getParserFor("<message xmlns='jabber:client'>" + xml + "<body>after</body></message>");
        parser.next(); // to <encrypted/>
        ExtensionElement parsed = new EncryptedElementProvider(legacy).parse(parser);
        MalformedEncryptedElement malformed = assertInstanceOf(MalformedEncryptedElement.class, parsed);
        assertEquals(legacy ? OmemoNamespaces.LEGACY : OmemoNamespaces.V2, malformed.getNamespace());
        assertEquals(XmlPullParser.Event.END_ELEMENT, parser.getEventType());
        assertEquals("encrypted", parser.getName());
        parser.next();
        assertEquals("body", parser.getName(), "the rest of the stanza parses on");
    }

    @Test
    void aHeaderWithTooManyKeysIsMalformedAndSaysWhetherItCarriedAPayload() throws Exception {
        String keys = "<key rid='1'>AQID</key>".repeat(EncryptedElementProvider.MAX_KEYS + 1);
        MalformedEncryptedElement message = assertInstanceOf(MalformedEncryptedElement.class, parse(
                "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='5'><keys jid='a@b'>" + keys
                        + "</keys></header><payload>AQID</payload></encrypted>", new EncryptedElementProvider(false)));
        assertTrue(message.problem().contains("more than " + EncryptedElementProvider.MAX_KEYS), message.problem());
        assertTrue(message.hasPayload());
        // at the bound it is still a message
        String allowed = "<key rid='1'>AQID</key>".repeat(EncryptedElementProvider.MAX_KEYS);
        assertEquals(EncryptedElementProvider.MAX_KEYS, assertInstanceOf(EncryptedElement.class, parse(
                "<encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='5'>" + allowed
                        + "<iv>AQID</iv></header></encrypted>", new EncryptedElementProvider(true))).keys().size());
        // a key transport whose key is not base64: malformed, without a payload
        MalformedEncryptedElement empty = assertInstanceOf(MalformedEncryptedElement.class, parse(
                "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='5'><keys jid='a@b'><key rid='1'>not*base64</key>"
                        + "</keys></header></encrypted>", new EncryptedElementProvider(false)));
        assertFalse(empty.hasPayload());
    }

    @Test
    void aDeviceListKeepsAtMostItsBoundOfDistinctIdsAndABundleItsBoundOfPreKeys() throws Exception {
        StringBuilder list = new StringBuilder("<devices xmlns='urn:xmpp:omemo:2'>");
        list.append("<device id='7' label='" + "x".repeat(DeviceListElementProvider.MAX_LABEL_CHARS + 1)
                + "' labelsig='AQID'/><device id='7'/>");
        for (int id = 1; id <= 10_000; id++) {
            list.append("<device id='").append(id).append("'/>");
        }
        DeviceListElement devices = parse(list.append("</devices>").toString(), new DeviceListElementProvider(false));
        assertEquals(DeviceListElementProvider.MAX_DEVICES, devices.devices().size());
        assertEquals(DeviceListElementProvider.MAX_DEVICES, devices.deviceIds().stream().distinct().count());
        assertEquals(Optional.empty(), devices.devices().get(0).label(), "an over-long label is dropped");

        StringBuilder bundle = new StringBuilder("<bundle xmlns='urn:xmpp:omemo:2'><spk id='1'>AQID</spk>"
                + "<spks>BAUG</spks><ik>BwgJ</ik><prekeys>");
        for (int id = 1; id <= 1_000; id++) {
            bundle.append("<pk id='").append(id).append("'>AQID</pk>");
        }
        BundleElement parsed = parse(bundle.append("</prekeys></bundle>").toString(), new BundleElementProvider(false));
        assertEquals(BundleElementProvider.MAX_PRE_KEYS, parsed.preKeys().size());
    }

    @Test
    void aBundleWithoutIdentityKeyIsAParsingError() {
        SmackParsingException error = assertThrows(SmackParsingException.class, () -> parse(
                "<bundle xmlns='urn:xmpp:omemo:2'><spk id='1'>AQID</spk><spks>BAUG</spks><prekeys><pk id='1'>AQID</pk></prekeys></bundle>",
                new BundleElementProvider(false)));
        assertTrue(error.getMessage().contains("<ik/>"), error.getMessage());
    }

    private static EncryptedElement reparse(EncryptedElement element) throws Exception {
        return assertInstanceOf(EncryptedElement.class,
                parse(element.toXML().toString(), new EncryptedElementProvider(element.isLegacy())));
    }

    private static <E extends ExtensionElement> E parse(String xml,
            ExtensionElementProvider<E> provider) throws Exception {
        XmlPullParser parser = PacketParserUtils.getParserFor(xml);
        return provider.parse(parser);
    }
}
