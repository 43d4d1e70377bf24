package org.sotto.core.internal.omemo.provider;

import java.io.IOException;

import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

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

    /** Reads the element's text as base64; the parser ends on the element's end tag. */
    static byte[] base64Text(XmlPullParser parser) throws SmackParsingException, XmlPullParserException, IOException {
        String element = parser.getName();
        try {
            return Base64Text.decode(parser.nextText(), element);
        } catch (IllegalArgumentException e) {
            throw new SmackParsingException(e.getMessage());
        }
    }

    static SmackParsingException invalid(String message, IllegalArgumentException cause) {
        return new SmackParsingException(message + ": " + cause.getMessage());
    }
}
