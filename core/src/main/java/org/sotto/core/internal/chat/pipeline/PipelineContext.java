package org.sotto.core.internal.chat.pipeline;

import java.util.Optional;
import java.util.function.Supplier;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;

import org.sotto.core.internal.event.EventBus;
import org.sotto.core.internal.persistence.ArchivePositions;
import org.sotto.core.internal.persistence.FileStore;
import org.sotto.core.internal.persistence.MessageLog;
import org.sotto.core.internal.persistence.Outbox;

/**
 * What the pipeline stages of one account share.
 *
 * @param account    the account's bare JID
 * @param connection the logged-in connection, if any (stages that send, e.g. receipts, skip without one)
 * @param rooms      the group chats the account joined, to recognise their messages
 * @param catchUpReceipts receipts for archived messages, held until the catch-up that fetched them ends
 * @param files      where a message's shared file (XEP-0454) is recorded, in the same unit of work as the message
 * @param transactions commits a stage's writes together (a sent message with its outbox entry)
 */
public record PipelineContext(String account, MessageLog log, Outbox outbox, ArchivePositions positions,
                              EventBus events, Supplier<Optional<XMPPTCPConnection>> connection, RoomDirectory rooms,
                              CatchUpReceipts catchUpReceipts, FileStore files, Transactions transactions) {

    /** Runs work so that its writes commit together, or none of them (the profile's store; memory just runs it). */
    @FunctionalInterface
    public interface Transactions {
        void atomically(Runnable work);

        Transactions NONE = Runnable::run;
    }

    /** Which rooms the account is in and under which nickname. */
    @FunctionalInterface
    public interface RoomDirectory {
        /** The account's nickname in the room, if the account joined it. */
        Optional<String> ownNickname(String roomJid);

        RoomDirectory NONE = room -> Optional.empty();
    }
}
