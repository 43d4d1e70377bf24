package org.sotto.cli.command;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.sotto.cli.Arguments;
import org.sotto.cli.UsageException;
import org.sotto.core.api.room.RoomConfig;

/**
 * {@code room-create ROOM [--nick NICK] [--name NAME] [--member JID]... [--open]}: creates a room — members-only and
 * non-anonymous, so OMEMO can encrypt in it, unless {@code --open} — makes the members members and invites them.
 */
final class RoomCreateCommand implements Command {
    private static final String USAGE = "room-create ROOM [--nick NICK] [--name NAME] [--member JID]... [--open]";

    private static RoomConfig parse(List<String> args, String account) {
        String room = null;
        Optional<String> nickname = Optional.empty();
        Optional<String> name = Optional.empty();
        Set<String> members = new LinkedHashSet<>();
        boolean open = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--open" -> open = true;
                case "--nick", "--name", "--member" -> {
                    if (i + 1 == args.size()) {
                        throw new UsageException(arg + " needs a value; usage: " + USAGE);
                    }
                    String value = args.get(++i);
                    if (arg.equals("--nick")) {
                        nickname = Optional.of(value);
                    } else if (arg.equals("--name")) {
                        name = Optional.of(value);
                    } else {
                        members.add(Arguments.requireJid(value, "not an address (user@server): "));
                    }
                }
                default -> {
                    if (room != null || arg.startsWith("--")) {
                        throw new UsageException("usage: " + USAGE);
                    }
                    room = RoomCommands.requireRoom(arg);
                }
            }
        }
        if (room == null) {
            throw new UsageException("usage: " + USAGE);
        }
        String nick = nickname.orElseGet(() -> account.substring(0, account.indexOf('@')));
        RoomConfig config = RoomConfig.privateRoom(room, nick).withMembers(members);
        if (name.isPresent()) {
            config = config.withName(name.get());
        }
        return open ? config.withAccess(false, false) : config;
    }

    @Override
    public void checkUsage(List<String> args) {
        parse(args, "user@example.org");
    }

    @Override
    public int run(CommandContext context) {
        RoomConfig config = parse(context.args(), context.account().jid());
        context.account().rooms().create(config).join();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "room-created");
        json.put("room", config.room());
        json.put("nickname", config.nickname());
        json.put("membersOnly", config.membersOnly());
        json.put("nonAnonymous", config.nonAnonymous());
        json.put("members", List.copyOf(config.members()));
        context.out().print(json);
        return 0;
    }
}
