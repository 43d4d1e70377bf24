package org.sotto.core.internal.chat;

import java.util.Optional;

import org.jivesoftware.smack.packet.Message;

import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.SendFailure;
import org.sotto.core.api.event.SottoEvent;
import org.sotto.core.internal.persistence.OutboxEntry;

/**
 * Gets a queued stanza ready just before the {@link OutboxSender} sends it: OMEMO encrypts messages that were
 * written while offline here. Runs on the account's worker.
 */
@FunctionalInterface
public interface OutboxPreparer {
    /** The stanza to send instead (queued in place of the old one before it goes out) and the message's new state. */
    record Prepared(Message stanza, Optional<Encryption> encryption) {
    }

    /**
     * @return the stanza unchanged, a replacement, or empty to keep the entry queued for later (later entries of the
     *         same conversation then wait too, so they stay in order)
     * @throws Undeliverable when the entry can never go out; it is removed and its message marked FAILED
     */
    Optional<Prepared> prepare(OutboxEntry entry, Message stanza) throws Undeliverable;

    /** The entry can never be sent as it is; {@code failure} is kept with the FAILED message, {@code event} tells the user. */
    final class Undeliverable extends Exception {
        private final SendFailure failure;
        private final transient SottoEvent event;

        public Undeliverable(String message, SendFailure failure, SottoEvent event) {
            super(message);
            this.failure = failure;
            this.event = event;
        }

        public SendFailure failure() {
            return failure;
        }

        public SottoEvent event() {
            return event;
        }
    }

    OutboxPreparer AS_QUEUED = (entry, stanza) -> Optional.of(new Prepared(stanza, Optional.empty()));
}
