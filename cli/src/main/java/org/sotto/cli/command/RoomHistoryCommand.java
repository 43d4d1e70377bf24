package org.sotto.cli.command;

import java.util.List;
import java.util.Optional;

import org.sotto.cli.Arguments;
import org.sotto.cli.JsonEvents;
import org.sotto.cli.UsageException;
import org.sotto.core.api.chat.ChatMessage;

/**
 * {@code room-history ROOM [N]}: the last N (default 50) messages of a group chat, oldest first; online the room is
 * entered first (which fetches its recent archive), offline they come from the profile.
 */
final class RoomHistoryCommand implements Command {
    @Override
    public void checkUsage(List<String> args) {
        if (args.isEmpty() || args.size() > 2) {
            throw new UsageException("usage: room-history ROOM [N]");
        }
        RoomCommands.requireRoom(args.get(0));
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
        String room = context.args().get(0);
        int count = context.args().size() > 1 ? Arguments.parseCount(context.args().get(1)) : HistoryCommand.DEFAULT_COUNT;
        if (context.online()) {
            RoomCommands.enter(context.account(), room, Optional.empty());
        }
        context.account().drain().join();
        for (ChatMessage message : context.account().chats().history(room, Optional.empty(), count).join()) {
            context.out().print(JsonEvents.message("message", message));
        }
        return 0;
    }
}
