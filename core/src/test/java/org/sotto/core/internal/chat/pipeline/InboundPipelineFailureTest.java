package org.sotto.core.internal.chat.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;

import org.junit.jupiter.api.Test;

import org.sotto.store.StoreException;

/** Which failures count as "not handled": the caller rolls back and the message comes again. */
class InboundPipelineFailureTest {
    private static InboundMessage aMessage() throws Exception {
        Message stanza = StanzaBuilder.buildMessage("m1").from("bob@example.org/phone").to("alice@example.org")
                .ofType(Message.Type.chat).setBody("hello").build();
        return InboundMessage.live(stanza);
    }

    private static InboundPipeline throwingIn(String stage, Exception failure) {
        return new InboundPipeline(List.of(
                new InboundPipeline.NamedStage("decrypt", m -> {
                    if (stage.equals("decrypt")) {
                        throw failure;
                    }
                    return true;
                }),
                new InboundPipeline.NamedStage("store", m -> {
                    throw failure;
                })));
    }

    @Test
    void theStoreFailingInAnyStageLeavesTheMessageUnhandled() throws Exception {
        InboundMessage message = aMessage();
        // e.g. the OMEMO stage writing the ratchet session on a full disk
        assertFalse(throwingIn("decrypt", new StoreException("disk full")).run(message));
        assertEquals(Optional.of("decrypt"), message.failedStage());
        assertTrue(message.storeFailed(), "must not count as handled");

        InboundMessage wrapped = aMessage();
        throwingIn("decrypt", new IllegalStateException("wrapped", new StoreException("I/O"))).run(wrapped);
        assertTrue(wrapped.storeFailed());
    }

    @Test
    void anotherFailureOutsideTheStoreStageIsNotAStoreFailure() throws Exception {
        InboundMessage message = aMessage();
        assertFalse(throwingIn("decrypt", new IllegalStateException("a bug")).run(message));
        assertEquals(Optional.of("decrypt"), message.failedStage());
        assertFalse(message.storeFailed());

        InboundMessage stored = aMessage();
        assertFalse(throwingIn("none", new IllegalStateException("cannot write")).run(stored));
        assertTrue(stored.storeFailed(), "the store stage itself failing is one, whatever the exception");
    }
}
