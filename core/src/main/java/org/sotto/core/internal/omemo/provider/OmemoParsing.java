package org.sotto.core.internal.omemo.provider;

import java.io.IOException;

import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import org.sotto.core.internal.omemo.element.Base64Text;

/** Small helpers so every OMEMO parser reports bad input the same way: a SmackParsingException naming the spot. */
final class OmemoParsing {
    private OmemoParsing() {
    }

    static int requiredId(XmlPullParser parser, String attribute) throws SmackParsingException {
        String value = parser.getAttributeValue("", attribute);
        if (value == null) {
            throw new SmackParsingException.RequiredAttributeMissingException(
                    "<" + parser.getName() + "/> has no '" + attribute + "' attribute");
        }
        try {
            int id = Integer.parseInt(value.trim());
            if (id <= 0) {
                throw new NumberFormatException("not positive");
            }
            return id;
        } catch (NumberFormatException e) {
            throw new SmackParsingException("<" + parser.getName() + "/> attribute '" + attribute
                    + "' is not an id between 1 and 2^31-1: " + value);
        }
    }

    static boolean booleanAttribute(XmlPullParser parser, String attribute) throws SmackParsingException {
        String value = parser.getAttributeValue("", attribute);
        if (value == null) {
            return false;
        }
        switch (value.trim()) {
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw new SmackParsingException("<" + parser.getName() + "/> attribute '" + attribute
                        + "' is not a boolean: " + value);
        }
    }

    /**
     * Reads the element's text as base64; the parser ends on the element's end tag. A child element where the text
     * belongs is a SmackParsingException with the parser on that child's start tag: XPP3's {@code nextText} would throw
     * an XmlPullParserException, which callers cannot tell from XML that is not well-formed.
     */
    static byte[] base64Text(XmlPullParser parser) throws SmackParsingException, XmlPullParserException, IOException {
        String element = parser.getName();
        int depth = parser.getDepth();
        StringBuilder text = new StringBuilder();
        while (true) {
            XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.TEXT_CHARACTERS) {
                text.append(parser.getText());
            } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == depth) {
                break;
            } else if (event == XmlPullParser.Event.START_ELEMENT) {
                throw new SmackParsingException("<" + element + "/> holds an element where its base64 text belongs");
            } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                throw new SmackParsingException("<" + element + "/> ends before its end tag");
            }
        }
        try {
            return Base64Text.decode(text.toString(), element);
        } catch (IllegalArgumentException e) {
            throw new SmackParsingException(e.getMessage());
        }
    }

    /**
     * Refuses a JID with a control character before jxmpp reads it: jxmpp drops or changes them (a carriage return,
     * a NUL) instead of refusing them, and RFC 7622 allows none in a JID.
     */
    static String withoutControlCharacters(String jid, String what) throws SmackParsingException {
        for (int i = 0; i < jid.length(); i++) {
            if (Character.isISOControl(jid.charAt(i))) {
                throw new SmackParsingException(what + " holds a control character");
            }
        }
        return jid;
    }

    /**
     * A bare JID with a local part, as jxmpp normalises it (how the account's own JID is written and compared). Its
     * domain must be a DNS name: labels that are not empty and hold no space. jxmpp lets both through, and strips one
     * final dot per reading (RFC 7622 §3.2), so {@code a@b..} would read as {@code a@b.} and, written back, as another
     * JID.
     */
    static String entityBareJid(String jid, String what) throws SmackParsingException {
        withoutControlCharacters(jid, what);
        EntityBareJid parsed;
        try {
            if (jid.contains("/")) {
                throw new XmppStringprepException(jid, "not a bare JID");
            }
            parsed = JidCreate.entityBareFrom(jid);
        } catch (XmppStringprepException e) {
            throw new SmackParsingException(what + " is not a bare JID");
        }
        String domain = parsed.getDomain().toString();
        if (domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")
                || domain.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
            throw new SmackParsingException(what + " has no valid domain");
        }
        return parsed.toString();
    }

    static SmackParsingException invalid(String message, IllegalArgumentException cause) {
        return new SmackParsingException(message + ": " + cause.getMessage());
    }
}
