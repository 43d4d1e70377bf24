package org.sotto.cli.command;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.sotto.cli.UsageException;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.api.room.Occupant;

/** {@code room-members ROOM}: who is in the room now (entered for this run), with role, affiliation and presence. */
final class RoomMembersCommand implements Command {
    /** How long to wait for the occupant list to include the user after entering. */
    private static final long SETTLE_SECONDS = 10;

    @Override
    public void checkUsage(List<String> args) {
        if (args.size() != 1) {
            throw new UsageException("usage: room-members ROOM");
        }
        RoomCommands.requireRoom(args.get(0));
    }

    @Override
    public int run(CommandContext context) {
        String room = context.args().get(0);
        RoomCommands.enter(context.account(), room, Optional.empty());
        context.account().drain().join();
        ObservableValue<List<Occupant>> occupants = context.account().rooms().occupants(room);
        // the list follows the room's presences on core's event thread: wait until it shows the user too
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
        while (occupants.get().stream().noneMatch(Occupant::self) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        occupants.get().forEach(o -> context.out().print(RoomCommands.occupant(room, o)));
        return 0;
    }
}
