package org.sotto.core.omemo.provider;

import java.io.IOException;
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
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.sotto.core.omemo.element.SceEnvelope;

/** Parses a decrypted XEP-0420 envelope; unknown affixes are ignored, malformed known ones are errors. */
public final class SceEnvelopeProvider extends ExtensionElementProvider<SceEnvelope> {

    /** Parses the bytes an OMEMO 2 payload decrypted to. */
    public static SceEnvelope parse(byte[] envelope) throws SmackParsingException {
        try {
            XmlPullParser parser = PacketParserUtils.getParserFor(new String(envelope, StandardCharsets.UTF_8));
            if (!SceEnvelope.ELEMENT.equals(parser.getName()) || !SceEnvelope.NAMESPACE.equals(parser.getNamespace())) {
                throw new SmackParsingException("the decrypted payload is not an SCE <envelope xmlns='"
                        + SceEnvelope.NAMESPACE + "'/> but <" + parser.getName() + "/>");
            }
            return new SceEnvelopeProvider().parse(parser);
        } catch (XmlPullParserException | IOException e) {
            throw new SmackParsingException("the decrypted payload is not well-formed XML: " + e.getMessage());
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
            return JidCreate.bareFrom(value);
        } catch (XmppStringprepException e) {
            throw new SmackParsingException("<" + element + " jid='" + value + "'/> is not a JID");
        }
    }
}
