package org.sotto.core.api.chat;

import org.jivesoftware.smack.packet.StanzaError;

/** Why a sent message bounced, from the stanza error the server or the recipient's server returned. */
public enum SendFailure {
    RECIPIENT_UNREACHABLE("The recipient's address does not exist or cannot be reached right now."),
    REFUSED("The recipient or their server refused the message (you may be blocked)."),
    POLICY("The server refused the message for a policy reason, for example sending too fast."),
    REJECTED_CONTENT("The server did not accept the message as sent."),
    OTHER("The message could not be delivered.");

    private final String explanation;

    SendFailure(String explanation) {
        this.explanation = explanation;
    }

    public String explanation() {
        return explanation;
    }

    public static SendFailure of(StanzaError error) {
        if (error == null) {
            return OTHER;
        }
        return switch (error.getCondition()) {
            case service_unavailable, item_not_found, recipient_unavailable, remote_server_not_found,
                 remote_server_timeout, gone, redirect -> RECIPIENT_UNREACHABLE;
            case not_allowed, forbidden, not_authorized, registration_required, subscription_required -> REFUSED;
            case policy_violation, resource_constraint -> POLICY;
            case not_acceptable, bad_request, jid_malformed, feature_not_implemented -> REJECTED_CONTENT;
            default -> OTHER;
        };
    }
}
