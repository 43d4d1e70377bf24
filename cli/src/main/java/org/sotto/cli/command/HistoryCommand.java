package org.sotto.cli.command;

import java.util.List;
import java.util.Optional;

import org.sotto.cli.Arguments;
import org.sotto.cli.JsonEvents;
import org.sotto.cli.UsageException;
import org.sotto.core.api.chat.ChatMessage;

/** {@code history JID [N]}: the last N (default 50) messages with JID, oldest first. */
final class HistoryCommand implements Command {
    static final int DEFAULT_COUNT = 50;

    @Override
    public void checkUsage(List<String> args) {
        Arguments.requireArguments(args, 1, "history JID [N]");
        if (args.size() > 2) {
            throw new UsageException("usage: history JID [N]");
        }
        Arguments.requireJid(args.get(0), "not an address (user@server): ");
        if (args.size() == 2) {
            Arguments.parseCount(args.get(1));
        }
    }

    @Override
    public boolean readsOffline(List<String> args) {
        return true;
    }

    @Override
    public int run(CommandContext context) {
        List<String> args = context.args();
        int count = args.size() > 1 ? Arguments.parseCount(args.get(1)) : DEFAULT_COUNT;
        context.account().drain().join();
        for (ChatMessage message : context.account().chats().history(args.get(0), Optional.empty(), count).join()) {
            context.out().print(JsonEvents.message("message", message));
        }
        return 0;
    }
}
