package org.sotto.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.sotto.cli.command.Command;
import org.sotto.cli.command.CommandContext;
import org.sotto.cli.command.Commands;
import org.sotto.core.api.NotConnectedException;
import org.sotto.core.api.ProfileException;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.SendException;
import org.sotto.core.api.event.CatchUpProgress;
import org.sotto.core.api.file.FileException;
import org.sotto.core.api.room.RoomException;
import org.sotto.core.api.trust.TrustException;

/**
 * Sotto on the command line, for scripts and end-to-end tests: every output line is one JSON object. Run without
 * arguments for the usage. Everything is kept in an encrypted profile, opened through core's API. The profile
 * passphrase and the account password come from environment variables or lines of standard input, never from the
 * command line (where other users could see them), and are never printed.
 *
 * <p>The runner does what every command shares — arguments and usage, the profile, the account and its connection,
 * error lines and exit codes; each command is a class of {@code org.sotto.cli.command}.
 */
public final class SottoCli {
    static final String USAGE = """
            usage: sotto-cli --jid USER@DOMAIN [--profile DIR] [--passphrase-env VAR] [--password-env VAR]
                             [--server HOST[:PORT]] [--pin SHA256] COMMAND
              contacts               print the roster, one contact per line
              chats                  print the newest message of each conversation
              history JID [N]        print the last N (default 50) messages with JID
              search TEXT... [--chat JID] [--limit N]
                                     print the stored messages containing every word (the last also as a prefix),
                                     in all chats or one, newest first (at most N, default 50)
              send [--plaintext] JID TEXT...
                                     send a message, end-to-end encrypted with OMEMO; prints it once the server has
                                     it. Without OMEMO devices of JID it fails (exit 1) unless the chat is plaintext.
                                     While the server cannot be reached it is stored and queued (a "queued" line,
                                     exit 0) and goes out, encrypted then, at the next login.
                                     --plaintext chooses plaintext for this chat (kept, like the command below)
              plaintext JID on|off   choose plaintext for the chat with JID, or go back to OMEMO
              devices [JID]          JID's OMEMO devices (default: this account's) with fingerprints and trust;
                                     devices that left the list are shown with "active": false
              remove-device DEVICEID remove a stale device of this account (from both device lists, with its bundles)
              trust JID DEVICEID     trust a device (e.g. one a send was blocked on), distrust JID DEVICEID: never
              verify URI             mark devices VERIFIED from xmpp:JID?omemo-sid-DEVICEID=FINGERPRINT;...
                                     (a fingerprint that does not match the device's key is an error; nothing changes)
              follow [--count N]     print incoming messages and events until stdin closes (or N messages)
              room-create ROOM [--nick NICK] [--name NAME] [--member JID]... [--open]
                                     create a group chat (members-only and non-anonymous, so OMEMO can encrypt in it,
                                     unless --open), make the members members and invite them
              room-join [--nick NICK] ROOM
                                     enter a group chat (for this run: the room commands below enter it themselves)
              room-send [--nick NICK] ROOM TEXT...
                                     send to a group chat, end-to-end encrypted where the room allows it
              room-history ROOM [N]  print the last N (default 50) messages of a group chat
              room-members ROOM      print who is in the room, with role, affiliation and presence
              file-send JID PATH...  send files, each encrypted in its own end-to-end encrypted message
              files [JID]            print the received files (of one chat or all) with their message keys
              file-download MESSAGEKEY [--to PATH]
                                     download a received file and write its plaintext to PATH (default: its name)
            The profile (default $SOTTO_PROFILE, else ~/.sotto/profile) is an encrypted directory, created on first use.
            Its passphrase is read from --passphrase-env's $VAR, or else from the first line of standard input.
            The account password is needed only while the profile does not know the account yet (or to change it):
            from --password-env's $VAR, or else from the next line of standard input.
            When the server cannot be reached, contacts, chats, history, search and devices (without JID) answer
            from the profile.
            Exit codes: 0 ok, 1 connection or command failed, 2 usage error.
            """;
    /** How long a command waits for the first outcome of connecting. */
    private static final long CONNECT_SECONDS = 60;

    private final InputStream in;
    private final Output out;
    private final PrintStream err;
    private final Map<String, String> env;
    /** Tests only: keep everything in memory instead of an encrypted profile. */
    private final boolean inMemory;

    /** Whether this run's account logged in (its device may be published: its profile is kept even if the command fails). */
    private boolean loggedIn;

    public SottoCli(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        this(in, out, err, env, false);
    }

    SottoCli(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean inMemory) {
        this.in = in;
        this.out = new Output(out, err);
        this.err = err;
        this.env = env;
        this.inMemory = inMemory;
    }

    public static void main(String[] args) {
        oneLineLogs();
        int code = new SottoCli(System.in, System.out, System.err, System.getenv()).run(args);
        System.exit(code);
    }

    /** Runs one command line; the exit code. */
    public int run(String[] args) {
        Arguments arguments;
        Command command;
        try {
            arguments = Arguments.parse(args);
            command = Commands.create(arguments.command())
                    .orElseThrow(() -> new UsageException("unknown command: " + arguments.command()));
            command.checkUsage(arguments.rest());
        } catch (UsageException e) {
            return usage(e.getMessage());
        }
        BufferedReader stdin = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        ProfileOptions options = ProfileOptions.defaults().withConnectOnOpen(false); // a command connects what it needs
        SottoProfile profile;
        boolean created = false;
        Path directory = arguments.profile().orElseGet(() -> Profiles.defaultDirectory(env));
        if (inMemory) {
            profile = Profiles.inMemory(options);
        } else {
            String passphrase = arguments.passphraseEnv().map(env::get).orElseGet(() -> readLine(stdin));
            if (passphrase == null || passphrase.isEmpty()) {
                return usage("no profile passphrase: set --passphrase-env VAR or write it as the first line of standard input");
            }
            try {
                if (Profiles.exists(directory)) {
                    profile = Profiles.unlock(directory, passphrase.toCharArray(), options);
                } else {
                    // first use: the passphrase given is the new profile's (a script cannot type it twice)
                    profile = Profiles.create(directory, passphrase.toCharArray(), passphrase.toCharArray(), options);
                    created = true;
                }
            } catch (ProfileException e) {
                out.error(e.reason().name().toLowerCase(Locale.ROOT), e.getMessage());
                return 1;
            }
        }
        int code;
        try {
            code = run(arguments, command, stdin, profile);
        } finally {
            profile.close();
        }
        if (created && code != 0 && !loggedIn) {
            // a profile this command created for an account that never logged in holds nothing worth keeping
            deleteCreatedProfile(directory);
        }
        return code;
    }

    /** A usage error: a JSON line, the explanation and the usage on standard error, exit 2. */
    private int usage(String message) {
        out.error("usage", message);
        err.println(message);
        err.print(USAGE);
        return 2;
    }

    private int run(Arguments arguments, Command command, BufferedReader stdin, SottoProfile profile) {
        Optional<? extends Account> known = profile.accounts().find(arguments.jid());
        // a known account logs in with the password kept in the profile; a new one needs it once
        String password = arguments.passwordEnv().map(env::get)
                .orElseGet(() -> known.isPresent() ? null : readLine(stdin));
        if (known.isEmpty() && (password == null || password.isEmpty())) {
            return usage("no password: set --password-env VAR or write it as a line of standard input");
        }
        try {
            Account account;
            if (known.isPresent()) {
                account = known.get();
                profile.accounts().update(withServerOptions(account.record(), arguments));
                if (password != null && !password.isEmpty()) {
                    profile.accounts().changePassword(account.jid(), password);
                }
            } else {
                account = null;
            }
            command.beforeConnect(profile, arguments.rest(), out);
            if (!command.printsEvents()) {
                // long catch-ups show progress; stdout stays the command's JSON
                profile.subscribe(CatchUpProgress.class, Optional.empty(), Runnable::run, progress -> progress.forEach(p ->
                        err.println("catching up: " + p.fetched() + " archived messages" + (p.done() ? ", done" : " …"))));
            }
            if (account == null) {
                account = profile.accounts().add(withServerOptions(AccountRecord.of(arguments.jid()), arguments), password);
            }
            ConnectionState state = account.connect().orTimeout(CONNECT_SECONDS, TimeUnit.SECONDS).join();
            boolean online = state instanceof ConnectionState.Online;
            if (!online) {
                out.print(JsonEvents.state(account.jid(), state));
                // while the server cannot be reached a send is stored and queued, and a known account's contacts,
                // chats, history and devices are shown from the profile; other commands need the server
                boolean queues = command.queuesOffline() && state instanceof ConnectionState.Reconnecting;
                boolean reads = known.isPresent() && command.readsOffline(arguments.rest());
                if (!queues && !reads) {
                    return 1;
                }
            }
            loggedIn = online;
            return command.run(new CommandContext(profile, account, arguments.rest(), stdin, out, online));
        } catch (CompletionException e) {
            return failed(e.getCause() == null ? e : e.getCause());
        } catch (TrustException | SendException | NotConnectedException e) {
            return failed(e);
        } catch (IllegalArgumentException e) {
            out.error("invalid_argument", e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            // anything else is still an error line with a reason, never a stack trace
            return failed(e);
        }
    }

    /** An error line with the failure's typed reason; exit 1. */
    private int failed(Throwable cause) {
        if (cause instanceof SendException refused) {
            out.print(JsonEvents.sendFailure(refused));
        } else if (cause instanceof TrustException refused) {
            out.error(refused.reason().name().toLowerCase(Locale.ROOT), refused.getMessage());
        } else if (cause instanceof RoomException refused) {
            out.error(refused.reason().name().toLowerCase(Locale.ROOT), refused.getMessage());
        } else if (cause instanceof FileException refused) {
            out.error(refused.reason().name().toLowerCase(Locale.ROOT), refused.getMessage());
        } else if (cause instanceof NotConnectedException offline) {
            out.error("not_connected", offline.getMessage());
        } else {
            out.error("failed", cause.getMessage());
        }
        return 1;
    }

    private static AccountRecord withServerOptions(AccountRecord record, Arguments arguments) {
        AccountRecord changed = record;
        if (arguments.host().isPresent()) {
            changed = changed.withServer(arguments.host().get(), arguments.port());
        }
        for (String pin : arguments.pins()) {
            changed = changed.withPinnedCertificate(pin);
        }
        return changed;
    }

    /** Removes a profile directory this run created (only the files a profile consists of, then the directory). */
    private void deleteCreatedProfile(Path directory) {
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            err.println("could not remove the profile created for this failed command: " + directory);
        }
    }

    /**
     * Log records on standard error as one line each, the exception as its class and message: a person reads them
     * (an untrusted certificate printed the XMPP library's 47-line stack trace), and the JSON on standard output says
     * what happened anyway.
     */
    private static void oneLineLogs() {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            handler.setFormatter(new Formatter() {
                @Override
                public String format(LogRecord record) {
                    Throwable thrown = record.getThrown();
                    return record.getLevel() + " " + record.getLoggerName() + ": " + formatMessage(record)
                            + (thrown == null ? "" : " (" + thrown.getClass().getSimpleName() + ": " + thrown.getMessage() + ")")
                            + System.lineSeparator();
                }
            });
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
