package org.sotto.core.internal.omemo.provider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

import org.sotto.core.internal.omemo.element.BundleElement.PreKey;
import org.sotto.core.internal.omemo.element.BundleElement;

/**
 * Parses a published {@code <bundle/>} of either version. A session needs one pre key: at most {@link #MAX_PRE_KEYS}
 * are kept (XEP-0384 asks publishers for about 100), the rest skipped unread.
 */
public final class BundleElementProvider extends ExtensionElementProvider<BundleElement> {
    public static final int MAX_PRE_KEYS = 200;
    private final boolean legacy;

    public BundleElementProvider(boolean legacy) {
        this.legacy = legacy;
    }

    @Override
    public BundleElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
            throws XmlPullParserException, IOException, SmackParsingException {
        String spk = legacy ? "signedPreKeyPublic" : "spk";
        String spkId = legacy ? "signedPreKeyId" : "id";
        String spks = legacy ? "signedPreKeySignature" : "spks";
        String ik = legacy ? "identityKey" : "ik";
        String pk = legacy ? "preKeyPublic" : "pk";
        String pkId = legacy ? "preKeyId" : "id";

        PreKey signedPreKey = null;
        byte[] signature = null;
        byte[] identityKey = null;
        List<PreKey> preKeys = new ArrayList<>();
        while (true) {
            XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.START_ELEMENT) {
                String name = parser.getName();
                if (name.equals(spk)) {
                    int id = OmemoParsing.requiredId(parser, spkId);
                    signedPreKey = new PreKey(id, OmemoParsing.base64Text(parser));
                } else if (name.equals(spks)) {
                    signature = OmemoParsing.base64Text(parser);
                } else if (name.equals(ik)) {
                    identityKey = OmemoParsing.base64Text(parser);
                } else if (name.equals(pk) && preKeys.size() < MAX_PRE_KEYS) {
                    int id = OmemoParsing.requiredId(parser, pkId);
                    preKeys.add(new PreKey(id, OmemoParsing.base64Text(parser)));
                }
            } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                break;
            } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                throw new SmackParsingException("<bundle/> ends before its end tag");
            }
        }
        if (signedPreKey == null || signature == null || identityKey == null) {
            throw new SmackParsingException("<bundle/> lacks " + (signedPreKey == null ? "<" + spk + "/>"
                    : signature == null ? "<" + spks + "/>" : "<" + ik + "/>"));
        }
        try {
            return new BundleElement(legacy, signedPreKey, signature, identityKey, preKeys);
        } catch (IllegalArgumentException e) {
            throw OmemoParsing.invalid("invalid <bundle/>", e);
        }
    }
}
