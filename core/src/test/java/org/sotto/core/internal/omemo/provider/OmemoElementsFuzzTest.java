package org.sotto.core.internal.omemo.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import org.sotto.core.internal.omemo.element.BundleElement;
import org.sotto.core.internal.omemo.element.DeviceListElement;
import org.sotto.core.internal.omemo.element.EncryptedElement;
import org.sotto.core.internal.omemo.element.MalformedEncryptedElement;
import org.sotto.core.internal.omemo.element.OmemoNamespaces;
import org.sotto.core.internal.omemo.element.SceEnvelope;

/**
 * The OMEMO elements a contact (or anyone who can send us a stanza or a PEP item) controls, fuzzed through the
 * providers Smack calls. The input is the element's content; the harness wraps it in the element's start and end tag
 * and skips what is not well-formed XML (the server never delivers that). Contracts:
 * <ul>
 *   <li>{@code <encrypted/>}: always an element, never an exception (an exception makes Smack drop the stanza, and
 *       the message would vanish without a trace): {@link EncryptedElement} or {@link MalformedEncryptedElement};
 *       at most {@link EncryptedElementProvider#MAX_KEYS} keys; what it returns writes back to an equal element.</li>
 *   <li>device lists and bundles: an element or one of the exceptions Smack turns into a dropped stanza
 *       ({@link SmackParsingException}, {@link XmlPullParserException}, {@link IOException},
 *       {@link IllegalArgumentException}); any other exception would end the connection. At most
 *       {@link DeviceListElementProvider#MAX_DEVICES} devices with labels of at most
 *       {@link DeviceListElementProvider#MAX_LABEL_CHARS}, at most {@link BundleElementProvider#MAX_PRE_KEYS} prekeys.</li>
 *   <li>the SCE envelope (decrypted bytes, not XML the server checked): an envelope or a
 *       {@link SmackParsingException}, whatever the bytes.</li>
 * </ul>
 * Seeds: {@code OmemoElementsFuzzTestInputs/<method>/}.
 */
class OmemoElementsFuzzTest {

    @FuzzTest
    void legacyEncrypted(byte[] input) throws Exception {
        encrypted(input, true);
    }

    @FuzzTest
    void omemo2Encrypted(byte[] input) throws Exception {
        encrypted(input, false);
    }

    @FuzzTest
    void legacyDeviceList(byte[] input) throws Exception {
        deviceList(input, true);
    }

    @FuzzTest
    void omemo2DeviceList(byte[] input) throws Exception {
        deviceList(input, false);
    }

    @FuzzTest
    void legacyBundle(byte[] input) throws Exception {
        bundle(input, true);
    }

    @FuzzTest
    void omemo2Bundle(byte[] input) throws Exception {
        bundle(input, false);
    }

    @FuzzTest
    void sceEnvelope(byte[] input) {
        try {
            SceEnvelope envelope = SceEnvelopeProvider.parse(input);
            assertTrue(envelope.content().size() <= input.length, "more content elements than bytes");
        } catch (SmackParsingException expected) {
            // the documented failure
        }
    }

    private static void encrypted(byte[] input, boolean legacy) throws Exception {
        String namespace = legacy ? OmemoNamespaces.LEGACY : OmemoNamespaces.V2;
        String xml = wrap("encrypted", namespace, input);
        if (!wellFormed(xml)) {
            return;
        }
        EncryptedElementProvider provider = new EncryptedElementProvider(legacy);
        ExtensionElement element;
        try {
            element = provider.parse(PacketParserUtils.getParserFor(xml));
        } catch (Exception e) {
            throw new AssertionError("<encrypted/> threw instead of returning a malformed element", e);
        }
        if (element instanceof MalformedEncryptedElement malformed) {
            assertEquals(namespace, malformed.namespace());
            return;
        }
        EncryptedElement parsed = assertInstanceOf(EncryptedElement.class, element);
        assertEquals(legacy, parsed.isLegacy());
        assertTrue(parsed.senderDeviceId() > 0);
        assertTrue(parsed.keys().size() <= EncryptedElementProvider.MAX_KEYS);
        assertEquals(parsed, provider.parse(PacketParserUtils.getParserFor(parsed.toXML().toString())),
                "written back and read again");
    }

    private static void deviceList(byte[] input, boolean legacy) throws Exception {
        String xml = wrap(legacy ? DeviceListElement.LEGACY_ELEMENT : DeviceListElement.V2_ELEMENT,
                legacy ? OmemoNamespaces.LEGACY : OmemoNamespaces.V2, input);
        DeviceListElementProvider provider = new DeviceListElementProvider(legacy);
        DeviceListElement list = parseOrDrop(xml, provider);
        if (list == null) {
            return;
        }
        assertTrue(list.devices().size() <= DeviceListElementProvider.MAX_DEVICES);
        for (DeviceListElement.Device device : list.devices()) {
            assertTrue(device.id() > 0);
            device.label().ifPresent(label -> {
                assertTrue(label.length() <= DeviceListElementProvider.MAX_LABEL_CHARS);
                assertTrue(device.labelSignature().isPresent(), "a label counts only with a signature");
            });
        }
        assertEquals(list, provider.parse(PacketParserUtils.getParserFor(list.toXML().toString())),
                "written back and read again");
    }

    private static void bundle(byte[] input, boolean legacy) throws Exception {
        String xml = wrap(BundleElement.ELEMENT, legacy ? OmemoNamespaces.LEGACY : OmemoNamespaces.V2, input);
        BundleElementProvider provider = new BundleElementProvider(legacy);
        BundleElement bundle = parseOrDrop(xml, provider);
        if (bundle == null) {
            return;
        }
        assertTrue(bundle.preKeys().size() <= BundleElementProvider.MAX_PRE_KEYS);
        assertTrue(bundle.signedPreKey().id() > 0);
        assertEquals(bundle, provider.parse(PacketParserUtils.getParserFor(bundle.toXML().toString())),
                "written back and read again");
    }

    /** The element, or null for input that is not well-formed or that Smack would drop as an unparsable stanza. */
    private static <E extends ExtensionElement> E parseOrDrop(String xml, ExtensionElementProvider<E> provider) {
        if (!wellFormed(xml)) {
            return null;
        }
        try {
            return provider.parse(PacketParserUtils.getParserFor(xml));
        } catch (SmackParsingException | XmlPullParserException | IOException | IllegalArgumentException dropped) {
            return null;
        } catch (Exception e) {
            return fail("an exception Smack does not catch would end the connection", e);
        }
    }

    static String wrap(String element, String namespace, byte[] content) {
        return "<" + element + " xmlns='" + namespace + "'>" + new String(content, StandardCharsets.UTF_8)
                + "</" + element + ">";
    }

    @Test
    @Timeout(10)
    void theWellFormednessCheckDoesNotReadPastTheElement() {
        byte[] header = "<header sid='1'><keys jid='a@b'><key rid='2'>AQID</key></keys></header>"
                .getBytes(StandardCharsets.UTF_8);
        assertTrue(wellFormed(wrap("encrypted", OmemoNamespaces.V2, header)));
        for (String early : new String[] {"</encrypted><?", "</encrypted><!--", "</encrypted><!DOCTYPE", "</encrypted>x"}) {
            assertFalse(wellFormed(wrap("encrypted", OmemoNamespaces.V2, early.getBytes(StandardCharsets.UTF_8))), early);
        }
    }

    /**
     * Whether Smack's XML parser reads the element to its end without complaint, and nothing but blanks follows it.
     * XPP3 is not asked for what follows the root element: it loops for ever on an unfinished processing
     * instruction, comment or DOCTYPE there (content that closes the root early, then {@code <?}); the JDK's parser,
     * with DOCTYPEs refused, says whether the text is one element.
     */
    static boolean wellFormed(String xml) {
        try {
            XmlPullParser parser = PacketParserUtils.getParserFor(xml);
            while (true) {
                XmlPullParser.Event event = parser.next();
                if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == 1) {
                    break;
                }
                if (event == XmlPullParser.Event.END_DOCUMENT) {
                    return false;
                }
            }
            SAXParser jdk = JDK_PARSER.get();
            jdk.reset();
            jdk.parse(new InputSource(new StringReader(xml)), new DefaultHandler());
            return true;
        } catch (Exception | StackOverflowError e) {
            return false;
        }
    }

    private static final ThreadLocal<SAXParser> JDK_PARSER = ThreadLocal.withInitial(() -> {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newSAXParser();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException(e);
        }
    });
}
