package org.sotto.core.internal.xmpp;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.IQProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smackx.bob.element.BoBDataExtension;
import org.jivesoftware.smackx.bob.element.BoBIQ;
import org.jivesoftware.smackx.bob.provider.BoBDataExtensionProvider;
import org.jivesoftware.smackx.bob.provider.BoBIQProvider;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.jivesoftware.smackx.xdata.provider.DataFormProvider;

/**
 * Registers parsers for the elements Sotto adds on the wire that Smack 4.4 does not know, and guards Smack's own parsers
 * that throw a RuntimeException on bad input. Idempotent.
 */
public final class SottoProviders {
    private static volatile boolean registered;

    private SottoProviders() {
    }

    public static synchronized void register() {
        if (registered) {
            return;
        }
        ProviderManager.addExtensionProvider(ReactionsElement.ELEMENT, ReactionsElement.NAMESPACE, new ReactionsProvider());
        ProviderManager.addExtensionProvider(ReplyElement.ELEMENT, ReplyElement.NAMESPACE, new ReplyProvider());
        ProviderManager.addExtensionProvider(RetractElement.ELEMENT, RetractElement.NAMESPACE, new RetractProvider());
        // a data form without type: Smack 4.4.8 throws a NullPointerException, which its reader does not catch, so
        // anyone could close a Sotto user's connection with one message (and again at every catch-up)
        ProviderManager.addExtensionProvider(DataForm.ELEMENT, DataForm.NAMESPACE, new Guarded<>(new DataFormProvider()));
        // XEP-0231 data whose cid has no '@': a StringIndexOutOfBoundsException, in a message or an IQ alike
        ProviderManager.addExtensionProvider(BoBDataExtension.ELEMENT, BoBDataExtension.NAMESPACE,
                new Guarded<>(new BoBDataExtensionProvider()));
        ProviderManager.addIQProvider(BoBIQ.ELEMENT, BoBIQ.NAMESPACE, new GuardedIq<>(new BoBIQProvider()));
        registered = true;
    }

    /**
     * A parser of Smack's whose RuntimeExceptions become SmackParsingExceptions, which Smack turns into a dropped
     * stanza (Sotto's parsing exception callback) instead of closing the connection.
     */
    static final class Guarded<E extends ExtensionElement> extends ExtensionElementProvider<E> {
        private final ExtensionElementProvider<E> delegate;

        Guarded(ExtensionElementProvider<E> delegate) {
            this.delegate = delegate;
        }

        @Override
        public E parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
                throws XmlPullParserException, IOException, SmackParsingException {
            try {
                return delegate.parse(parser, initialDepth, environment);
            } catch (RuntimeException e) {
                // the class only: the message may quote the sender's input
                throw new SmackParsingException("a malformed element (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    /** {@link Guarded} for an IQ's parser. */
    static final class GuardedIq<I extends IQ> extends IQProvider<I> {
        private final IQProvider<I> delegate;

        GuardedIq(IQProvider<I> delegate) {
            this.delegate = delegate;
        }

        @Override
        public I parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
                throws XmlPullParserException, IOException, SmackParsingException {
            try {
                return delegate.parse(parser, initialDepth, environment);
            } catch (RuntimeException e) {
                throw new SmackParsingException("a malformed IQ (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    static final class ReactionsProvider extends ExtensionElementProvider<ReactionsElement> {
        @Override
        public ReactionsElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
                throws XmlPullParserException, IOException, SmackParsingException {
            String id = parser.getAttributeValue("", "id");
            if (id == null) {
                throw new SmackParsingException.RequiredAttributeMissingException("id");
            }
            Set<String> reactions = new LinkedHashSet<>();
            while (true) {
                XmlPullParser.Event event = parser.next();
                if (event == XmlPullParser.Event.START_ELEMENT && "reaction".equals(parser.getName())) {
                    String text = parser.nextText();
                    if (!text.isBlank()) {
                        reactions.add(text);
                    }
                } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                    return new ReactionsElement(id, reactions);
                }
            }
        }
    }

    static final class ReplyProvider extends ExtensionElementProvider<ReplyElement> {
        @Override
        public ReplyElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
                throws SmackParsingException {
            String id = parser.getAttributeValue("", "id");
            if (id == null) {
                throw new SmackParsingException.RequiredAttributeMissingException("id");
            }
            return new ReplyElement(Optional.ofNullable(parser.getAttributeValue("", "to")), id);
        }
    }

    static final class RetractProvider extends ExtensionElementProvider<RetractElement> {
        @Override
        public RetractElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
                throws SmackParsingException {
            String id = parser.getAttributeValue("", "id");
            if (id == null) {
                throw new SmackParsingException.RequiredAttributeMissingException("id");
            }
            return new RetractElement(id);
        }
    }
}
