package org.sotto.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.sotto.cli.UsageException;

/**
 * {@code room-send [--nick NICK] ROOM TEXT...}: enters the room for this run and sends to it, end-to-end encrypted
 * in a members-only, non-anonymous room, else only where the user chose plaintext ({@code plaintext ROOM on}).
 */
final class RoomSendCommand implements Command {
    private static final String USAGE = "room-send [--nick NICK] ROOM TEXT...";

    private record Parsed(Optional<String> nickname, String room, String text) {
    }

    private static Parsed parse(List<String> args) {
        Optional<String> nickname = Optional.empty();
        List<String> rest = args;
        if (!args.isEmpty() && args.get(0).equals("--nick")) {
            if (args.size() < 2) {
                throw new UsageException("--nick needs a value; usage: " + USAGE);
            }
            nickname = Optional.of(args.get(1));
            rest = args.subList(2, args.size());
        }
        if (rest.size() < 2) {
            throw new UsageException("usage: " + USAGE);
        }
        return new Parsed(nickname, RoomCommands.requireRoom(rest.get(0)),
                String.join(" ", new ArrayList<>(rest.subList(1, rest.size()))));
    }

    @Override
    public void checkUsage(List<String> args) {
        parse(args);
    }

    @Override
    public int run(CommandContext context) {
        Parsed parsed = parse(context.args());
        RoomCommands.enter(context.account(), parsed.room(), parsed.nickname());
        return new SendCommand().deliver(context, parsed.room(), parsed.text());
    }
}
