package org.sotto.cli.command;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.sotto.cli.Arguments;
import org.sotto.cli.JsonEvents;
import org.sotto.cli.UsageException;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.ConversationSummary;
import org.sotto.core.api.chat.Direction;

/**
 * {@code files [JID]}: the received files of one chat or all (newest chat first, each chat's oldest file first),
 * with the message key {@code file-download} takes; from the profile, also offline.
 */
final class FilesCommand implements Command {
    /** How far back each chat is looked through. */
    private static final int MESSAGES_PER_CHAT = 1000;

    @Override
    public void checkUsage(List<String> args) {
        if (args.size() > 1) {
            throw new UsageException("usage: files [JID]");
        }
        if (args.size() == 1) {
            Arguments.requireJid(args.get(0), "not an address (user@server): ");
        }
    }

    @Override
    public boolean readsOffline(List<String> args) {
        return true;
    }

    @Override
    public int run(CommandContext context) {
        context.account().drain().join();
        List<String> chats = context.args().isEmpty()
                ? context.account().chats().conversationSummaries().join().stream().map(ConversationSummary::peer).toList()
                : context.args();
        for (String chat : chats) {
            for (ChatMessage message : context.account().chats().history(chat, Optional.empty(), MESSAGES_PER_CHAT).join()) {
                if (message.direction() == Direction.INCOMING && message.attachment().isPresent()) {
                    Map<String, Object> json = JsonEvents.attachment("file", chat, message.attachment().get());
                    json.put("sender", message.sender());
                    json.put("time", message.timestamp().toString());
                    context.out().print(json);
                }
            }
        }
        return 0;
    }
}
