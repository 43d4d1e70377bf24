package org.sotto.core.internal.omemo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.packet.Message;

import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.room.RoomEncryptionState.NotEncrypted;
import org.sotto.core.api.room.RoomEncryptionState;
import org.sotto.core.internal.chat.OutboxPreparer;
import org.sotto.core.internal.chat.pipeline.InboundMessage;
import org.sotto.core.internal.chat.pipeline.InboundStage;
import org.sotto.core.internal.chat.pipeline.OutboundMessage;
import org.sotto.core.internal.chat.pipeline.OutboundStage;
import org.sotto.core.internal.muc.RoomMembers;

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
        omemo.useRooms(this::view);
        members.onChange(omemo::refreshEncryptionState);
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
        boolean protect = switch (m.kind()) {
            case TEXT, CORRECTION, REACTION -> true;
            // XEP-0424 retractions, markers and chat states stay outside, as in 1:1 chats
            case RETRACTION, DISPLAYED, CHAT_STATE -> false;
        };
        if (!protect || omemo.isPlaintext(room)) {
            m.encryption(Encryption.PLAINTEXT);
            return true;
        }
        try {
            requireEncryptable(room);
            if (connection.get().isEmpty()) {
                // offline: stored and queued now, encrypted by the outbox for the members known when it goes out
                OmemoEncryptor.markEncryptLater(m.builder());
                Encryption expected = omemo.expectedEncryption(room);
                m.encryption(expected == Encryption.PLAINTEXT ? Encryption.E2EE_TRUSTED : expected);
                return true;
            }
            OmemoEncryptor.EncryptedStanza encrypted = encryptForMembers(m.builder().build(), room);
            m.replaceBuilder(encrypted.stanza().asBuilder());
            m.encryption(encrypted.encryption());
            return true;
        } catch (OmemoSendException e) {
            omemo.encryptor().announce(room, e, Optional.empty());
            throw omemo.encryptor().failure(e);
        } finally {
            omemo.refreshEncryptionState(room);
        }
    }

    /** Body and protected elements (reactions, reply) encrypted for every member's devices, the room as SCE {@code to}. */
    private OmemoEncryptor.EncryptedStanza encryptForMembers(Message plain, String room) throws Exception {
        Set<String> recipients = new TreeSet<>(members.members(room));
        recipients.remove(account); // the own other devices are added by encryptFor anyway
        return omemo.encryptor().encryptStanza(plain, recipients, JidCreate.entityBareFrom(room));
    }

    private void requireEncryptable(String room) throws OmemoSendException, InterruptedException {
        RoomMembers.Security security = security(room).orElseThrow(() -> new OmemoSendException(
                OmemoSendException.Reason.ROOM_NOT_ENCRYPTABLE, "the features of " + room + " are unknown (not "
                + "joined, or the room did not answer); the message was not sent"));
        if (!security.encryptable()) {
            List<String> missing = new ArrayList<>();
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
    }

    /**
     * The outbox step: a room message queued while offline is encrypted when it goes out, for the members known
     * then. It waits (with the room's later entries) until the room was entered again in this session and its
     * members read; everything else goes to {@code oneToOne}.
     */
    public OutboxPreparer outboxPreparer(OutboxPreparer oneToOne) {
        return (entry, stanza) -> {
            if (stanza.getType() != Message.Type.groupchat || !OmemoEncryptor.encryptLater(stanza)) {
                return oneToOne.prepare(entry, stanza);
            }
            String room = entry.peer();
            if (connection.get().isEmpty() || !members.entered(room)) {
                return Optional.empty(); // the room is entered after the login; the flush after that sends it
            }
            try {
                return omemo.encryptor().prepareQueued(entry, stanza, () -> {
                    try {
                        requireEncryptable(room);
                        return encryptForMembers(stanza, room);
                    } catch (OmemoSendException | InterruptedException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new OmemoSendException(OmemoSendException.Reason.FAILED, "OMEMO encryption failed: "
                                + e.getMessage(), List.of(), e);
                    }
                });
            } finally {
                omemo.refreshEncryptionState(room);
            }
        };
    }

    /**
     * Whether a send to the room is encrypted and why not: the plaintext choice, the room's features, and the members
     * (real JIDs, the account left out) with no known OMEMO device.
     */
    public RoomEncryptionState state(String room) {
        Encryption state = omemo.encryptionState(room).get();
        Set<String> others = new TreeSet<>(members.members(room));
        others.remove(account);
        Set<String> without = omemo.withoutKnownDevices(others);
        NotEncrypted why;
        Optional<RoomMembers.Security> security = members.security(room);
        if (omemo.isPlaintext(room)) {
            why = NotEncrypted.PLAINTEXT_CHOSEN;
        } else if (security.isEmpty()) {
            why = NotEncrypted.FEATURES_UNKNOWN;
        } else if (!security.get().membersOnly()) {
            why = NotEncrypted.NOT_MEMBERS_ONLY;
        } else if (!security.get().nonAnonymous()) {
            why = NotEncrypted.ANONYMOUS;
        } else if (state == Encryption.E2EE_UNTRUSTED_DEVICES) {
            why = NotEncrypted.UNDECIDED_DEVICES;
        } else if (!without.isEmpty()) {
            why = NotEncrypted.MEMBERS_WITHOUT_OMEMO;
        } else if (state == Encryption.DEVICES_UNKNOWN) {
            why = NotEncrypted.NO_DEVICES_KNOWN;
        } else {
            why = null;
        }
        return new RoomEncryptionState(state, Optional.ofNullable(why), without);
    }

    /** The rooms as the chat encryption states see them. */
    Optional<ChatEncryptionStates.RoomView> view(String room) {
        if (!members.tracked(room)) {
            return Optional.empty();
        }
        Optional<RoomMembers.Security> security = members.security(room);
        return Optional.of(new ChatEncryptionStates.RoomView(security.isPresent(),
                security.map(RoomMembers.Security::encryptable).orElse(false), members.members(room)));
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
