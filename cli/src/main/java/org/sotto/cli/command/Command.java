package org.sotto.cli.command;

import java.util.List;

import org.sotto.cli.Output;
import org.sotto.core.api.SottoProfile;

/**
 * One command of the command line. Its arguments are checked before the profile opens or anything connects; it
 * runs once the account is online, or — when it says so — while the server cannot be reached.
 */
public interface Command {
    /** Checks the command's own arguments (throws {@code UsageException}); needs no profile and no network. */
    void checkUsage(List<String> args);

    /** Whether it answers from the profile of a known account while the server cannot be reached. */
    default boolean readsOffline(List<String> args) {
        return false;
    }

    /** Whether it stores its work for later while the connection is retrying (a send is queued). */
    default boolean queuesOffline() {
        return false;
    }

    /** Whether it prints events itself (then the runner leaves the catch-up progress on standard error out). */
    default boolean printsEvents() {
        return false;
    }

    /**
     * Runs before the account is added (when new) and connects: a command that follows events subscribes here, so
     * it sees everything from the first connection state on.
     */
    default void beforeConnect(SottoProfile profile, List<String> args, Output out) {
    }

    /** Runs the command; the exit code (0 ok, 1 failed, 2 usage). Failures of the API's futures may propagate. */
    int run(CommandContext context);
}
