package org.sotto.cli.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.sotto.cli.UsageException;

/** {@code room-join [--nick NICK] ROOM}: enters a group chat (an open instant room is created if none exists). */
final class RoomJoinCommand implements Command {
    private record Parsed(String room, Optional<String> nickname) {
    }

    private static Parsed parse(List<String> args) {
        List<String> rest = new ArrayList<>();
        Optional<String> nickname = RoomCommands.option(args, "--nick", rest);
        if (rest.size() != 1) {
            throw new UsageException("usage: room-join [--nick NICK] ROOM");
        }
        return new Parsed(RoomCommands.requireRoom(rest.get(0)), nickname);
    }

    @Override
    public void checkUsage(List<String> args) {
        parse(args);
    }

    @Override
    public int run(CommandContext context) {
        Parsed parsed = parse(context.args());
        RoomCommands.enter(context.account(), parsed.room(), parsed.nickname());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "room-joined");
        json.put("room", parsed.room());
        json.put("nickname", context.account().rooms().nickname(parsed.room()).orElse(null));
        context.out().print(json);
        return 0;
    }
}
