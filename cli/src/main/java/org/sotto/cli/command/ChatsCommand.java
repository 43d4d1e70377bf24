package org.sotto.cli.command;

import java.util.List;

import org.sotto.cli.JsonEvents;
import org.sotto.core.api.chat.ConversationSummary;

/** {@code chats}: the newest message of each conversation, newest first. */
final class ChatsCommand implements Command {
    @Override
    public void checkUsage(List<String> args) {
        // nothing to check
    }

    @Override
    public boolean readsOffline(List<String> args) {
        return true;
    }

    @Override
    public int run(CommandContext context) {
        context.account().drain().join(); // reads show what is committed: let the login's catch-up finish first
        for (ConversationSummary chat : context.account().chats().conversationSummaries().join()) {
            context.out().print(JsonEvents.message("chat", chat.newest()));
        }
        return 0;
    }
}
