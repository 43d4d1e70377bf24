package org.sotto.core.internal.omemo.provider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

import org.sotto.core.internal.omemo.element.EncryptedElement;
import org.sotto.core.internal.omemo.element.MalformedEncryptedElement;
import org.sotto.core.internal.omemo.element.OmemoNamespaces;
import org.sotto.core.internal.omemo.element.RecipientKey;

/**
 * Parses {@code <encrypted/>} of legacy OMEMO and OMEMO 2 (one instance per namespace). An element it refuses becomes
 * a {@link MalformedEncryptedElement}: throwing would make Smack drop the whole stanza (see {@code Connections}), and
 * the message would vanish without a trace. One pass over the element, also after a problem was found (to learn
 * whether it carried a payload); a header with more than {@link #MAX_KEYS} keys is refused without keeping them.
 */
public final class EncryptedElementProvider extends ExtensionElementProvider<ExtensionElement> {
    /**
     * The most {@code <key/>} elements one header may hold: one per recipient device (and per own other device), so a
     * group chat of a few hundred devices fits; a header beyond it is malformed.
     */
    public static final int MAX_KEYS = 1_000;

    private final boolean legacy;

    public EncryptedElementProvider(boolean legacy) {
        this.legacy = legacy;
    }

    @Override
    public ExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
            throws XmlPullParserException, IOException {
        Integer sid = null;
        String currentJid = null;
        byte[] iv = null;
        byte[] payload = null;
        boolean payloadSeen = false;
        String problem = null;
        int keyCount = 0;
        List<RecipientKey> keys = new ArrayList<>();
        while (true) {
            XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.START_ELEMENT) {
                String name = parser.getName();
                if ("payload".equals(name)) {
                    payloadSeen = true;
                }
                if ("key".equals(name) && ++keyCount > MAX_KEYS && problem == null) {
                    problem = "more than " + MAX_KEYS + " <key/> elements";
                    keys.clear();
                }
                if (problem != null) {
                    continue; // only looking for the end (and a payload) now
                }
                try {
                    switch (name) {
                        case "header" -> sid = OmemoParsing.requiredId(parser, "sid");
                        case "keys" -> {
                            String jid = parser.getAttributeValue("", "jid");
                            if (jid == null || jid.isBlank()) {
                                throw new SmackParsingException.RequiredAttributeMissingException("<keys/> has no 'jid'");
                            }
                            currentJid = OmemoParsing.entityBareJid(jid, "<keys jid='…'/>");
                        }
                        case "key" -> {
                            int rid = OmemoParsing.requiredId(parser, "rid");
                            boolean keyExchange = OmemoParsing.booleanAttribute(parser, legacy ? "prekey" : "kex");
                            if (!legacy && currentJid == null) {
                                throw new SmackParsingException("OMEMO 2 <key/> outside of <keys jid='…'/>");
                            }
                            keys.add(new RecipientKey(legacy ? null : currentJid, rid, keyExchange,
                                    OmemoParsing.base64Text(parser)));
                        }
                        case "iv" -> iv = OmemoParsing.base64Text(parser);
                        case "payload" -> payload = OmemoParsing.base64Text(parser);
                        default -> {
                            // unknown children are ignored, as RFC 6120 asks for unknown extensions
                        }
                    }
                } catch (SmackParsingException | IllegalArgumentException e) {
                    problem = e.getMessage();
                    keys.clear();
                }
            } else if (event == XmlPullParser.Event.END_ELEMENT) {
                if ("keys".equals(parser.getName())) {
                    currentJid = null;
                }
                if (parser.getDepth() == initialDepth) {
                    break;
                }
            } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                problem = "<encrypted/> ends before its end tag";
                break;
            }
        }
        if (problem == null) {
            try {
                return build(sid, keys, iv, payload);
            } catch (SmackParsingException | IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        return new MalformedEncryptedElement(legacy ? OmemoNamespaces.LEGACY : OmemoNamespaces.V2, problem, payloadSeen);
    }

    private EncryptedElement build(Integer sid, List<RecipientKey> keys, byte[] iv, byte[] payload)
            throws SmackParsingException {
        if (sid == null) {
            throw new SmackParsingException.RequiredAttributeMissingException("<encrypted/> has no <header sid='…'/>");
        }
        try {
            if (legacy) {
                if (iv == null) {
                    throw new SmackParsingException("legacy OMEMO <encrypted/> has no <iv/>");
                }
                return EncryptedElement.legacy(sid, keys, iv, payload);
            }
            return EncryptedElement.v2(sid, keys, payload);
        } catch (IllegalArgumentException e) {
            throw OmemoParsing.invalid("invalid <encrypted/>", e);
        }
    }
}
