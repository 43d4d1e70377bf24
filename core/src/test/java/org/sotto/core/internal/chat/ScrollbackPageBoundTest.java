package org.sotto.core.internal.chat;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.SottoOptions;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;

/** An archive page is held in memory whole: what a caller may ask for is bounded, and the bound is refused at once. */
class ScrollbackPageBoundTest {
    @Test
    void aScrollbackPageIsOneTo250Messages() {
        try (Sotto sotto = Sotto.start(new InMemoryPersistence(), SottoOptions.defaults())) {
            AccountSession session = sotto.accounts().add(AccountRecord.of("alice@example.org"), "pw");
            assertThrows(IllegalArgumentException.class, () -> session.chats().loadOlder("bob@example.org", 0));
            assertThrows(IllegalArgumentException.class,
                    () -> session.chats().loadOlder("bob@example.org", ChatService.MAX_SCROLLBACK_PAGE + 1));
            // the largest page is accepted (and fails later only because nobody is connected)
            session.chats().loadOlder("bob@example.org", ChatService.MAX_SCROLLBACK_PAGE);
        }
    }
}
