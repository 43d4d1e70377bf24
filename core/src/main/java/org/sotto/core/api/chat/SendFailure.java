package org.sotto.core.api.chat;

import org.jivesoftware.smack.packet.StanzaError;

/**
 * Why a sent message was not delivered: a bounce (from the stanza error the server or the recipient's server
 * returned), or a message written while offline that could not be encrypted when it was due to go out. Kept with the
 * FAILED message ({@link ChatMessage#failure()}).
 */
public enum SendFailure {
    RECIPIENT_UNREACHABLE("The recipient's address does not exist or cannot be reached right now."),
    REFUSED("The recipient or their server refused the message (you may be blocked)."),
    POLICY("The server refused the message for a policy reason, for example sending too fast."),
    REJECTED_CONTENT("The server did not accept the message as sent."),
    /** Queued while offline; when it was due to go out, the contact had no OMEMO device. Nothing was sent. */
    NO_OMEMO_DEVICES("The contact has no OMEMO device, so the message could not be encrypted and was not sent. "
            + "Choose plaintext for this chat to send it anyway."),
    /** Queued while offline; when it was due to go out, none of the contact's devices could get a key. */
    NO_USABLE_DEVICES("None of the contact's devices could be encrypted to (no usable keys, or all distrusted), so the "
            + "message was not sent."),
    /** Queued while offline for a room that cannot be encrypted (not members-only and non-anonymous). */
    ROOM_NOT_ENCRYPTABLE("The room does not allow encryption (it must be members-only and non-anonymous), so the "
            + "message was not sent. Choose plaintext for this room to send it anyway."),
    /** Still waiting to be sent when its account was removed (keeping its history). Nothing was sent. */
    ACCOUNT_REMOVED("The account was removed before the message could be sent."),
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
