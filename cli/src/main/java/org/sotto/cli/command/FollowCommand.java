package org.sotto.cli.command;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.sotto.cli.Arguments;
import org.sotto.cli.JsonEvents;
import org.sotto.cli.Output;
import org.sotto.cli.UsageException;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.SottoEvent;

/**
 * {@code follow [--count N]}: prints events and incoming messages (the login's catch-up too) until standard input
 * closes, or N incoming messages were seen.
 */
final class FollowCommand implements Command {
    /** Released when following should stop (enough messages, or standard input closed). */
    private final CountDownLatch enough = new CountDownLatch(1);
    private final AtomicInteger seen = new AtomicInteger();

    @Override
    public void checkUsage(List<String> args) {
        if (!args.isEmpty() && !(args.size() == 2 && args.get(0).equals("--count"))) {
            throw new UsageException("usage: follow [--count N]");
        }
        if (!args.isEmpty()) {
            Arguments.parseCount(args.get(1));
        }
    }

    @Override
    public boolean printsEvents() {
        return true;
    }

    @Override
    public void beforeConnect(SottoProfile profile, List<String> args, Output out) {
        int limit = args.size() == 2 ? Arguments.parseCount(args.get(1)) : Integer.MAX_VALUE;
        // subscribed before connecting, so messages from the catch-up are printed and counted too; it stays open
        // until the profile closes, so the disconnection is printed as well
        profile.subscribe(SottoEvent.class, Optional.empty(), Runnable::run, events -> {
            for (SottoEvent event : events) {
                out.print(JsonEvents.event(event));
                if (event instanceof MessageAdded added && added.message().direction() == Direction.INCOMING
                        && seen.incrementAndGet() >= limit) {
                    enough.countDown();
                }
            }
        });
    }

    @Override
    public int run(CommandContext context) {
        Thread stdinWatcher = new Thread(() -> {
            while (context.readLine() != null) {
                // lines on stdin are ignored; its end stops following
            }
            enough.countDown();
        }, "sotto-cli-stdin");
        stdinWatcher.setDaemon(true);
        stdinWatcher.start();
        try {
            enough.await();
            context.account().drain().join(); // what arrived is stored (and printed) before the profile closes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
