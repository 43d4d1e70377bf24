package org.sotto.cli.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.sotto.cli.Arguments;
import org.sotto.cli.UsageException;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.room.Occupant;
import org.sotto.core.api.room.Rooms;

/** What the room commands share: entering a room for this run, the JSON of an occupant. */
final class RoomCommands {
    private RoomCommands() {
    }

    /** The nickname to use: the one given, else the account's local part. */
    static String nickname(Account account, Optional<String> given) {
        return given.orElseGet(() -> account.jid().substring(0, account.jid().indexOf('@')));
    }

    /** Enters the room unless this run is in it already (a room is entered per connection). */
    static void enter(Account account, String room, Optional<String> nickname) {
        Rooms rooms = account.rooms();
        if (!rooms.joined().contains(room)) {
            rooms.join(room, nickname(account, nickname)).join();
        }
    }

    static String requireRoom(String room) {
        return Arguments.requireJid(room, "not a room address (room@service): ");
    }

    static Map<String, Object> occupant(String room, Occupant o) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "occupant");
        json.put("room", room);
        json.put("nickname", o.nickname());
        json.put("jid", o.jid().orElse(null));
        json.put("role", o.role().name().toLowerCase(Locale.ROOT));
        json.put("affiliation", o.affiliation().name().toLowerCase(Locale.ROOT));
        json.put("presence", o.presence().name().toLowerCase(Locale.ROOT));
        o.status().ifPresent(s -> json.put("status", s));
        if (o.self()) {
            json.put("self", true);
        }
        return json;
    }

    /** {@code --nick NICK} among the arguments (removed from {@code rest}), if given. */
    static Optional<String> option(List<String> args, String name, List<String> rest) {
        Optional<String> value = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(name)) {
                if (i + 1 == args.size()) {
                    throw new UsageException(name + " needs a value");
                }
                value = Optional.of(args.get(++i));
            } else {
                rest.add(args.get(i));
            }
        }
        return value;
    }
}
