package org.sotto.core.internal.chat.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.internal.persistence.Outbox;
import org.sotto.core.internal.persistence.OutboxEntry;
import org.sotto.core.internal.persistence.UnitOfWork;
import org.sotto.core.internal.persistence.store.StorePersistence;
import org.sotto.store.KdfParameters;
import org.sotto.store.Profile;
import org.sotto.store.StoreException;

/**
 * A sent message and its outbox entry are stored in one transaction of the real encrypted store: when queueing fails
 * (a full disk, or the process killed between two commits) the message is not left in the history as pending for
 * ever while nothing would ever send it (the crash test lost one of 100 messages that way).
 */
class OutboundStoreAtomicityTest {
    private static final String ALICE = "alice@example.org";

    @Test
    void aMessageWhoseOutboxEntryCannotBeWrittenIsNotStoredEither(@TempDir Path dir) throws Exception {
        KdfParameters fast = new KdfParameters(KdfParameters.MINIMUM_MEMORY_KIB, 1, 1);
        try (StorePersistence store = StorePersistence.owning(Profile.create(dir, "pw".toCharArray(), fast))) {
            store.accounts().save(AccountRecord.of(ALICE));
            boolean[] fail = {true};
            Outbox failingOnce = new Outbox() {
                @Override
                public void enqueue(OutboxEntry entry) {
                    store.outbox().enqueue(entry);
                    if (fail[0]) {
                        fail[0] = false;
                        throw new StoreException("disk full");
                    }
                }

                @Override
                public List<OutboxEntry> pending(String account) {
                    return store.outbox().pending(account);
                }

                @Override
                public void remove(String account, String stanzaId) {
                    store.outbox().remove(account, stanzaId);
                }

                @Override
                public void removeAccount(String account) {
                    store.outbox().removeAccount(account);
                }
            };
            PipelineContext context = new PipelineContext(ALICE, store.messages(), failingOnce,
                    store.archivePositions(), null, Optional::empty, PipelineContext.RoomDirectory.NONE, null,
                    store.files(), work -> UnitOfWork.run(store, () -> {
                        work.run();
                        return null;
                    }));
            OutboundStoreStage stage = new OutboundStoreStage(context);

            OutboundMessage first = built("the first try");
            assertThrows(StoreException.class, () -> stage.process(first));
            assertEquals(List.of(), history(store), "nothing half-stored");
            assertEquals(List.of(), store.outbox().pending(ALICE));

            OutboundMessage second = built("the second try");
            stage.process(second);
            assertEquals(List.of("the second try"), history(store).stream().map(ChatMessage::body).toList());
            assertEquals(List.of(second.stanzaId), store.outbox().pending(ALICE).stream().map(OutboxEntry::stanzaId).toList());
        }
    }

    private static OutboundMessage built(String body) throws Exception {
        OutboundMessage m = OutboundMessage.text("bob@example.org", ChatKind.CHAT, body, Optional.empty());
        new BuildStage().process(m);
        return m;
    }

    private static List<ChatMessage> history(StorePersistence store) {
        return store.readOnlyMessages().history(ALICE, "bob@example.org", Optional.empty(), 100);
    }
}
