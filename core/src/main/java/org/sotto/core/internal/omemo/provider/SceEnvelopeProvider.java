package org.sotto.core.internal.omemo.provider;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.util.ParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smack.xml.xpp3.Xpp3XmlPullParser;

import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import org.xmlpull.mxp1.MXParser;

import org.sotto.core.internal.omemo.element.SceEnvelope;

/** Parses a decrypted XEP-0420 envelope; unknown affixes are ignored, malformed known ones are errors. */
public final class SceEnvelopeProvider extends ExtensionElementProvider<SceEnvelope> {

    /**
     * One XPP3 parser per thread, reset for every envelope: Smack's {@code PacketParserUtils.getParserFor} makes a new
     * one by reflection with fresh buffers each time, which was 6 % of a catch-up's decrypting thread.
     */
    private static final ThreadLocal<org.xmlpull.v1.XmlPullParser> PARSERS = ThreadLocal.withInitial(() -> {
        MXParser parser = new MXParser();
        try {
            parser.setFeature(org.xmlpull.v1.XmlPullParser.FEATURE_PROCESS_NAMESPACES, true);
        } catch (org.xmlpull.v1.XmlPullParserException e) {
            throw new IllegalStateException("XPP3 without namespace processing", e);
        }
        return parser;
    });

    /** Deepest element nesting accepted in an envelope (one's own content needs 4). */
    public static final int MAX_DEPTH = 32;

    /** Parses the bytes an OMEMO 2 payload decrypted to; anything after the envelope element is ignored. */
    public static SceEnvelope parse(byte[] envelope) throws SmackParsingException {
        try {
            org.xmlpull.v1.XmlPullParser reused = PARSERS.get();
            String xml = new String(envelope, StandardCharsets.UTF_8);
            // the element providers recurse per level: a sender's 10 000 nested elements overflowed the stack
            reused.setInput(new StringReader(xml));
            for (int event = reused.getEventType(); event != org.xmlpull.v1.XmlPullParser.END_DOCUMENT;
                 event = reused.next()) {
                if (event == org.xmlpull.v1.XmlPullParser.START_TAG && reused.getDepth() > MAX_DEPTH) {
                    throw new SmackParsingException("the decrypted envelope nests elements deeper than " + MAX_DEPTH);
                }
                // what follows the root element is not read: XPP3 1.1.4c loops for ever on an unfinished
                // processing instruction, comment or DOCTYPE there (a sender's "<envelope>…</envelope><?")
                if (event == org.xmlpull.v1.XmlPullParser.END_TAG && reused.getDepth() == 1) {
                    break;
                }
            }
            reused.setInput(new StringReader(xml));
            XmlPullParser parser = new Xpp3XmlPullParser(reused);
            ParserUtils.forwardToStartElement(parser);
            if (!SceEnvelope.ELEMENT.equals(parser.getName()) || !SceEnvelope.NAMESPACE.equals(parser.getNamespace())) {
                throw new SmackParsingException("the decrypted payload is not an SCE <envelope xmlns='"
                        + SceEnvelope.NAMESPACE + "'/> but <" + parser.getName() + "/>");
            }
            return new SceEnvelopeProvider().parse(parser);
        } catch (XmlPullParserException | org.xmlpull.v1.XmlPullParserException | IOException
                 // the sender's bytes: Smack throws IllegalArgumentException for "no start tag", XPP3 a
                 // NullPointerException for input ending inside a tag, a content provider what it likes
                 | RuntimeException e) {
            // the class only: XPP3's messages quote the input around the error, i.e. decrypted plaintext (and logs see it)
            throw new SmackParsingException("the decrypted payload is not well-formed XML (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public SceEnvelope parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
            throws XmlPullParserException, IOException, SmackParsingException {
        List<ExtensionElement> content = new ArrayList<>();
        String rpad = null;
        Instant time = null;
        BareJid from = null;
        BareJid to = null;
        boolean sawContent = false;
        while (true) {
            XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.START_ELEMENT && parser.getDepth() == initialDepth + 1) {
                switch (parser.getName()) {
                    case "content" -> {
                        sawContent = true;
                        int contentDepth = parser.getDepth();
                        while (true) {
                            XmlPullParser.Event inner = parser.next();
                            if (inner == XmlPullParser.Event.START_ELEMENT) {
                                content.add(PacketParserUtils.parseExtensionElement(parser.getName(),
                                        parser.getNamespace(), parser, XmlEnvironment.EMPTY));
                            } else if (inner == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == contentDepth) {
                                break;
                            } else if (inner == XmlPullParser.Event.END_DOCUMENT) {
                                throw new SmackParsingException("<content/> ends before its end tag");
                            }
                        }
                    }
                    case "rpad" -> rpad = parser.nextText();
                    case "time" -> {
                        String stamp = ParserUtils.getRequiredAttribute(parser, "stamp");
                        time = Xep82Stamp.parse(stamp);
                    }
                    case "to" -> to = jid(parser, "to");
                    case "from" -> from = jid(parser, "from");
                    default -> {
                        // an affix we don't know: ignored, as XEP-0420 allows profiles to add their own
                    }
                }
            } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                break;
            } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                throw new SmackParsingException("<envelope/> ends before its end tag");
            }
        }
        if (!sawContent) {
            throw new SmackParsingException("the SCE <envelope/> has no <content/>");
        }
        return new SceEnvelope(content, rpad, time, from, to);
    }

    private static BareJid jid(XmlPullParser parser, String element) throws SmackParsingException, IOException {
        String value = ParserUtils.getRequiredAttribute(parser, "jid");
        if (value == null) {
            throw new SmackParsingException.RequiredAttributeMissingException("<" + element + "/> has no 'jid'");
        }
        try {
            if (value.isEmpty() || value.contains("/")) {
                throw new XmppStringprepException(value, "not a bare JID");
            }
            return JidCreate.bareFrom(OmemoParsing.withoutControlCharacters(value, "<" + element + " jid='…'/>"));
        } catch (XmppStringprepException e) {
            throw new SmackParsingException("<" + element + " jid='" + value + "'/> is not a JID");
        }
    }
}
