package org.sotto.apiclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.ConversationSummary;
import org.sotto.core.api.chat.Draft;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.Subscription;
import org.sotto.core.internal.testing.Await;

/**
 * What a window's view models do, through the API alone (this package is outside core, like app) on a profile in
 * memory, with no server: add an account, write while offline, read the chat list, the timeline, search, drafts, and
 * follow events on the caller's executor.
 */
class InMemoryProfileApiTest {
    @Test
    void aWindowCanWorkOfflineOnAProfileInMemory() {
        try (SottoProfile profile = Profiles.inMemory(ProfileOptions.defaults().withConnectOnOpen(false))) {
            List<MessageAdded> added = new CopyOnWriteArrayList<>(); // filled on the event thread
            profile.subscribe(MessageAdded.class, Optional.of("ida@example.org"), Runnable::run, added::addAll);
            Account ida = profile.accounts().add(AccountRecord.of("ida@example.org"), "ida-pw");
            assertEquals(List.of("ida@example.org"), profile.accounts().list().stream().map(Account::jid).toList());
            assertInstanceOf(ConnectionState.Offline.class, ida.state().get());

            List<ChatMessage> timeline = new CopyOnWriteArrayList<>(); // jo's chat as its view follows it
            Subscription following = ida.chats().follow("jo@example.org", Runnable::run, timeline::addAll);

            // written while offline: stored and queued, shown at once
            ChatMessage sent = ida.chats().send("jo@example.org", "see you at the station").join();
            assertEquals(MessageStatus.PENDING, sent.status());
            List<ChatMessage> stored = ida.chats().history("jo@example.org", Optional.empty(), 50).join();
            assertEquals(List.of("see you at the station"), stored.stream().map(ChatMessage::body).toList());
            ida.chats().send("kim@example.org", "another chat").join();
            Await.until("the followed chat's message reached its view", () -> !timeline.isEmpty());
            List<ConversationSummary> chats = ida.chats().conversationSummaries().join();
            assertEquals(Set.of("jo@example.org", "kim@example.org"),
                    Set.copyOf(chats.stream().map(ConversationSummary::peer).toList()));
            assertEquals(sent.key(), ida.chats().search(Optional.empty(), "STAT", 10).join().get(0).key());

            ida.chats().saveDraft("jo@example.org", Draft.of("and bring")).join();
            assertEquals(Optional.of(Draft.of("and bring")), ida.chats().draft("jo@example.org").join());
            // a chat closed and opened again at once: the read comes after the write, which nobody waited for
            for (int i = 0; i < 200; i++) {
                ida.chats().saveDraft("jo@example.org", Draft.of("draft " + i));
                assertEquals(Optional.of(Draft.of("draft " + i)), ida.chats().draft("jo@example.org").join());
            }
            assertEquals(Set.of(), Set.copyOf(ida.contacts().contacts().join()), "an empty roster, offline");
            Await.until("the event reached the window's executor", () -> !added.isEmpty());
            assertEquals(sent.key(), added.get(0).message().key());
            following.close();
            ida.chats().send("jo@example.org", "after closing").join();
            Await.until("both messages were announced", () -> added.size() == 3);
            assertEquals(List.of("see you at the station"), timeline.stream().map(ChatMessage::body).distinct().toList(),
                    "only the followed chat, and nothing after closing");
        }
    }
}
