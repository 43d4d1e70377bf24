package org.sotto.core.internal.muc;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.muc.MultiUserChatException;

import org.sotto.core.api.room.RoomException.Reason;
import org.sotto.core.api.room.RoomException;

/** What Smack and the room said, as a {@link RoomException} with a reason (XEP-0045 error conditions). */
final class RoomFailures {
    private RoomFailures() {
    }

    /** A failure of entering or creating the room: XEP-0045 §7.2 gives its conditions their meaning. */
    static RoomException entering(String room, Throwable failure) {
        return of(room, failure, true);
    }

    static RoomException of(String room, Throwable failure) {
        return of(room, failure, false);
    }

    private static RoomException of(String room, Throwable failure, boolean entering) {
        if (failure instanceof RoomException known) {
            return known;
        }
        if (failure instanceof XMPPException.XMPPErrorException error) {
            StanzaError stanzaError = error.getStanzaError();
            return new RoomException(reason(stanzaError.getCondition(), entering), room,
                    "the room or server refused: " + stanzaError.getCondition(), failure);
        }
        if (failure instanceof MultiUserChatException.MissingMucCreationAcknowledgeException) {
            return new RoomException(Reason.ROOM_EXISTS, room, "the room exists already", failure);
        }
        if (failure instanceof MultiUserChatException.NotAMucServiceException) {
            return new RoomException(Reason.ROOM_NOT_FOUND, room, "the address is not on a group chat service", failure);
        }
        if (failure instanceof MultiUserChatException.MucNotJoinedException) {
            return new RoomException(Reason.NOT_IN_ROOM, room, "not in the room", failure);
        }
        if (failure instanceof SmackException.NoResponseException) {
            return new RoomException(Reason.NO_RESPONSE, room, "the server did not answer in time", failure);
        }
        if (failure instanceof SmackException.NotConnectedException || failure instanceof InterruptedException) {
            return new RoomException(Reason.NOT_CONNECTED, room, "the connection went away", failure);
        }
        return new RoomException(Reason.FAILED, room, failure.getClass().getSimpleName(), failure);
    }

    private static Reason reason(StanzaError.Condition condition, boolean entering) {
        return switch (condition) {
            case conflict -> Reason.NICKNAME_IN_USE;
            case registration_required -> Reason.MEMBERS_ONLY;
            case forbidden -> entering ? Reason.BANNED : Reason.NOT_ALLOWED;
            case not_authorized -> entering ? Reason.PASSWORD_REQUIRED : Reason.NOT_ALLOWED;
            case item_not_found, recipient_unavailable, remote_server_not_found -> Reason.ROOM_NOT_FOUND;
            case service_unavailable -> entering ? Reason.ROOM_FULL : Reason.FAILED;
            case not_allowed, not_acceptable -> Reason.NOT_ALLOWED;
            default -> Reason.FAILED;
        };
    }
}
