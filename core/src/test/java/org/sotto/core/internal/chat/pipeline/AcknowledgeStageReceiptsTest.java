package org.sotto.core.internal.chat.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.receipts.DeliveryReceiptRequest;

import org.junit.jupiter.api.Test;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;

/** A receipt a catch-up owes is not lost when the connection is gone by the time it is due. */
class AcknowledgeStageReceiptsTest {
    private static InboundMessage storedArchiveResult(String id) throws Exception {
        Message stanza = StanzaBuilder.buildMessage(id).from("bob@example.org/phone").to("alice@example.org")
                .ofType(Message.Type.chat).setBody("hello").addExtension(new DeliveryReceiptRequest()).build();
        InboundMessage m = InboundMessage.archived(stanza, "alice@example.org", false);
        // what the origin and store stages set
        m.message = stanza;
        m.direction = Direction.INCOMING;
        m.kind = ChatKind.CHAT;
        m.peer = "bob@example.org";
        m.sender = "bob@example.org";
        m.timestamp = Instant.now();
        m.body = Optional.of("hello");
        m.stored = m.candidate("alice@example.org");
        return m;
    }

    @Test
    void owedReceiptsThatFindNoConnectionAreOwedAgainUntilTheNextCatchUpEnds() throws Exception {
        AtomicInteger connectionAsked = new AtomicInteger();
        CatchUpReceipts receipts = new CatchUpReceipts(Runnable::run); // the worker: at once, on this thread
        InMemoryPersistence persistence = new InMemoryPersistence();
        PipelineContext context = new PipelineContext("alice@example.org", persistence.messages(), persistence.outbox(),
                persistence.archivePositions(), null, () -> {
                    connectionAsked.incrementAndGet();
                    return Optional.<XMPPTCPConnection>empty(); // the connection was lost right after the catch-up
                }, PipelineContext.RoomDirectory.NONE, receipts, persistence.files(), PipelineContext.Transactions.NONE);
        AcknowledgeStage stage = new AcknowledgeStage(context);
        stage.process(storedArchiveResult("m1")); // outside a unit of work: "after the commit" is now
        stage.process(storedArchiveResult("m2"));
        assertEquals(0, connectionAsked.get(), "held while the catch-up runs");

        receipts.release(); // the catch-up ended: both are due, and find no connection
        assertEquals(2, connectionAsked.get());
        receipts.release(); // the end of the next catch-up: both are tried again
        assertEquals(4, connectionAsked.get());
    }
}
