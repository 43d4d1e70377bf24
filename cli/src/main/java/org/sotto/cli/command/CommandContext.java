package org.sotto.cli.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.sotto.cli.Output;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;

/**
 * What a command works with: the open profile, its account (connected when {@code online}), the command's own
 * arguments, standard input (after the secrets read from it) and the JSON output.
 */
public record CommandContext(SottoProfile profile, Account account, List<String> args, BufferedReader stdin,
                             Output out, boolean online) {
    public CommandContext {
        args = List.copyOf(args);
    }

    /** The next line of standard input, null at its end. */
    public String readLine() {
        try {
            return stdin.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
