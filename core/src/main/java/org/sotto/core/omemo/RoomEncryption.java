package org.sotto.core.omemo;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.jivesoftware.smack.XMPPConnection;
import org.jxmpp.jid.impl.JidCreate;
import org.sotto.core.chat.ChatKind;
import org.sotto.core.chat.Direction;
import org.sotto.core.chat.Encryption;
import org.sotto.core.chat.pipeline.InboundMessage;
import org.sotto.core.chat.pipeline.InboundStage;
import org.sotto.core.chat.pipeline.OutboundMessage;
import org.sotto.core.chat.pipeline.OutboundStage;
import org.sotto.core.muc.RoomMembers;

/**
 * OMEMO in group chats (XEP-0384 §5.6): wraps {@link OmemoService}'s stages so that room messages are encrypted once
 * for every device of every member (owners, admins, members and the occupants present, by their real JIDs) and the
 * account's own other devices, and decrypted with the sender's real JID from the room. 1:1 messages pass on to the
 * wrapped stages unchanged.
 *
 * <p>The plaintext rule for rooms: a room that is not members-only and non-anonymous cannot be encrypted, so a
 * message to it fails ({@link OmemoSendException.Reason#ROOM_NOT_ENCRYPTABLE}) unless the user chose plaintext for
 * that room; trust rules apply per member as in 1:1 chats (DISTRUSTED devices get nothing, UNDECIDED ones of a
 * member with verified devices or of the own account stop the send). A member without any OMEMO device stops the
 * send too ({@code NO_DEVICES} naming them): they could not read it.
 */
public final class RoomEncryption {
    private final String account;
    private final OmemoService omemo;
    private final RoomMembers members;
    private final Supplier<Optional<? extends XMPPConnection>> connection;

    public RoomEncryption(String account, OmemoService omemo, RoomMembers members,
                          Supplier<Optional<? extends XMPPConnection>> connection) {
        this.account = account;
        this.omemo = omemo;
        this.members = members;
        this.connection = connection;
    }

    /** The "encrypt" stage: room messages here, everything else to {@code oneToOne}. */
    public OutboundStage encryptStage(OutboundStage oneToOne) {
        return m -> m.chatKind() == ChatKind.GROUPCHAT ? encrypt(m) : oneToOne.process(m);
    }

    /** The "decrypt" stage: room messages here, everything else to {@code oneToOne}. */
    public InboundStage decryptStage(InboundStage oneToOne) {
        return m -> m.chatKind() == ChatKind.GROUPCHAT ? decrypt(m) : oneToOne.process(m);
    }

    private boolean encrypt(OutboundMessage m) throws Exception {
        String room = m.peer();
        boolean hasText = m.kind() == OutboundMessage.Kind.TEXT || m.kind() == OutboundMessage.Kind.CORRECTION;
        if (!hasText || omemo.isPlaintext(room)) {
            // reactions, retractions, markers and chat states stay outside in this version, as in 1:1 chats
            m.encryption(Encryption.PLAINTEXT);
            return true;
        }
        RoomMembers.Security security = security(room).orElseThrow(() -> new OmemoSendException(
                OmemoSendException.Reason.ROOM_NOT_ENCRYPTABLE, "the features of " + room + " are unknown (not "
                + "joined, or the room did not answer); the message was not sent"));
        if (!security.encryptable()) {
            List<String> missing = new java.util.ArrayList<>();
            if (!security.membersOnly()) {
                missing.add("members-only");
            }
            if (!security.nonAnonymous()) {
                missing.add("non-anonymous");
            }
            throw new OmemoSendException(OmemoSendException.Reason.ROOM_NOT_ENCRYPTABLE, room + " is not "
                    + String.join(" and not ", missing) + ", so OMEMO cannot know who reads it; the message was not "
                    + "sent (choose plaintext for this room to send it unencrypted)");
        }
        Set<String> recipients = new TreeSet<>(members.members(room));
        recipients.remove(account); // the own other devices are added by encryptFor anyway
        OmemoService.Encrypted encrypted = omemo.encryptFor(recipients, m.body(), List.of(), JidCreate.entityBareFrom(room));
        if (encrypted.elements().isEmpty()) {
            throw new OmemoSendException(OmemoSendException.Reason.NO_DEVICES, "nobody in " + room
                    + " but this device could read the message; it was not sent");
        }
        OmemoService.applyTo(m.builder(), encrypted);
        m.encryption(encrypted.encryption());
        return true;
    }

    /** The room's features as last seen, asked again when unknown (e.g. the disco#info at entering failed). */
    private Optional<RoomMembers.Security> security(String room) throws OmemoSendException, InterruptedException {
        Optional<RoomMembers.Security> known = members.security(room);
        if (known.isPresent()) {
            return known;
        }
        Optional<? extends XMPPConnection> xmpp = connection.get();
        if (xmpp.isEmpty()) {
            throw new OmemoSendException(OmemoSendException.Reason.NOT_CONNECTED,
                    "not connected: the members of " + room + " cannot be known now");
        }
        return members.refreshSecurity(xmpp.get(), room);
    }

    private boolean decrypt(InboundMessage m) throws Exception {
        Optional<String> sender;
        if (m.fromArchive()) {
            // the archive names the sender (also for the account's own messages: the nick may have been someone else's)
            sender = RoomMembers.archivedSender(m.message());
        } else if (m.direction() == Direction.OUTGOING) {
            sender = Optional.of(account);
        } else {
            sender = members.realJid(m.sender());
        }
        return omemo.decryptRoomMessage(m, new OmemoService.RoomSender(sender));
    }
}
