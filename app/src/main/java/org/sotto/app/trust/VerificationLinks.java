package org.sotto.app.trust;

import java.util.Optional;
import java.util.function.Function;

import javafx.stage.Window;

import org.sotto.core.api.trust.TrustException;
import org.sotto.core.api.trust.VerificationUri;

/**
 * An {@code xmpp:} verification URI Sotto was started with (a link the desktop entry hands over): the contact's
 * chat and trust dialog open with the URI in the verify field, for the user to confirm. Nothing is verified unasked.
 */
public final class VerificationLinks {
    private VerificationLinks() {
    }

    /** Whether {@code argument} is a verification URI (with device fingerprints), not just any xmpp: link. */
    public static boolean isVerification(String argument) {
        return jid(argument).isPresent();
    }

    private static Optional<String> jid(String uri) {
        try {
            VerificationUri parsed = VerificationUri.parse(uri);
            return parsed.fingerprints().isEmpty() ? Optional.empty() : Optional.of(parsed.jid());
        } catch (TrustException e) {
            return Optional.empty();
        }
    }

    /** Opens the chat with the URI's contact ({@code openChat}: its trust) and its trust dialog, the URI offered for verification. */
    public static Optional<TrustDialog> open(Function<String, ChatTrust> openChat, String uri, Window owner) {
        return jid(uri).map(jid -> {
            TrustDialog dialog = TrustDialog.show(openChat.apply(jid).dialog(), owner);
            dialog.offer(uri);
            return dialog;
        });
    }
}
