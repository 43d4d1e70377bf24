package org.sotto.core.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import org.sotto.core.Sotto;
import org.sotto.core.account.AccountSession;
import org.sotto.core.api.ProfileException;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.contacts.Contact;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.connection.CertificateFingerprints;
import org.sotto.core.omemo.OmemoSendException;
import org.sotto.core.omemo.OmemoService;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.IdentityChangedException;
import org.sotto.crypto.MalformedUriException;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.OmemoUri;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.TrustRecord;

/**
 * Sotto on the command line, for scripts and end-to-end tests: every output line is one JSON object.
 * Run without arguments for the usage. Everything is kept in an encrypted profile (the store module). The profile
 * passphrase and the account password come from environment variables or lines of standard input, never from the
 * command line (where other users could see them), and are never printed.
 */
public final class SottoCli {
    static final String USAGE = """
            usage: sotto-cli --jid USER@DOMAIN [--profile DIR] [--passphrase-env VAR] [--password-env VAR]
                             [--server HOST[:PORT]] [--pin SHA256] COMMAND
              contacts               print the roster, one contact per line
              chats                  print the newest message of each conversation
              history JID [N]        print the last N (default 50) messages with JID
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
            The profile (default $SOTTO_PROFILE, else ~/.sotto/profile) is an encrypted directory, created on first use.
            Its passphrase is read from --passphrase-env's $VAR, or else from the first line of standard input.
            The account password is needed only while the profile does not know the account yet (or to change it):
            from --password-env's $VAR, or else from the next line of standard input.
            Exit codes: 0 ok, 1 connection or command failed, 2 usage error.
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final ProfileOptions options;
    /** Tests only: keep everything in memory instead of an encrypted profile. */
    private final boolean inMemory;
    /** Released when following should stop (enough messages, or standard input closed). */
    private final CountDownLatch enough = new CountDownLatch(1);

    /** Whether this run's account logged in (its device may be published: its profile is kept even if the command fails). */
    private boolean loggedIn;

    SottoCli(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, ProfileOptions options) {
        this(in, out, err, env, options, false);
    }

    SottoCli(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, ProfileOptions options,
             boolean inMemory) {
        this.inMemory = inMemory;
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.options = options;
    }

    public static void main(String[] args) {
        oneLineLogs();
        int code = new SottoCli(System.in, System.out, System.err, System.getenv(), ProfileOptions.defaults()).run(args);
        System.exit(code);
    }

    private record Arguments(String jid, Optional<String> passwordEnv, Optional<Path> profile,
                             Optional<String> passphraseEnv, Optional<String> host, int port, List<String> pins,
                             String command, List<String> rest) {
    }

    int run(String[] args) {
        Arguments arguments;
        try {
            arguments = parse(args);
        } catch (IllegalArgumentException e) {
            print(Map.of("type", "error", "reason", "usage", "message", String.valueOf(e.getMessage())));
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        BufferedReader stdin = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        ProfileOptions profileOptions = options.withConnectOnOpen(false); // each command connects what it needs
        SottoProfile profile;
        boolean created = false;
        Path directory = profileDirectory(arguments);
        if (inMemory) {
            profile = Profiles.inMemory(profileOptions);
        } else {
            String passphrase = arguments.passphraseEnv().map(env::get).orElseGet(() -> readLine(stdin));
            if (passphrase == null || passphrase.isEmpty()) {
                err.println("no profile passphrase: set --passphrase-env VAR or write it as the first line of standard input");
                return 2;
            }
            try {
                if (Profiles.exists(directory)) {
                    profile = Profiles.unlock(directory, passphrase.toCharArray(), profileOptions);
                } else {
                    // first use: the passphrase given is the new profile's (a script cannot type it twice)
                    profile = Profiles.create(directory, passphrase.toCharArray(), passphrase.toCharArray(), profileOptions);
                    created = true;
                }
            } catch (ProfileException e) {
                print(Map.of("type", "error", "reason", e.reason().name().toLowerCase(Locale.ROOT),
                        "message", String.valueOf(e.getMessage())));
                return 1;
            }
        }
        int code;
        try {
            code = run(arguments, stdin, profile.core());
        } finally {
            profile.close();
        }
        if (created && code != 0 && !loggedIn) {
            // a profile this command created for an account that never logged in holds nothing worth keeping
            deleteCreatedProfile(directory);
        }
        return code;
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

    private Path profileDirectory(Arguments arguments) {
        return arguments.profile().orElseGet(() -> Profiles.defaultDirectory(env));
    }

    private int run(Arguments arguments, BufferedReader stdin, Sotto sotto) {
        Optional<AccountSession> known = sotto.accounts().session(arguments.jid());
        // a known account logs in with the password kept in the profile; a new one needs it once
        String password = arguments.passwordEnv().map(env::get)
                .orElseGet(() -> known.isPresent() ? null : readLine(stdin));
        if (known.isEmpty() && (password == null || password.isEmpty())) {
            err.println("no password: set --password-env VAR or write it as a line of standard input");
            return 2;
        }
        try {
            if (known.isPresent()) {
                AccountRecord record = known.get().record();
                if (arguments.host().isPresent()) {
                    record = record.withServer(arguments.host().get(), arguments.port());
                }
                for (String pin : arguments.pins()) {
                    record = record.withPinnedCertificate(pin);
                }
                sotto.accounts().update(record);
                if (password != null && !password.isEmpty()) {
                    sotto.accounts().changePassword(record.jid(), password);
                }
            }
            boolean following = arguments.command().equals("follow");
            List<String> rest = arguments.rest();
            int limit = following && rest.size() == 2 && rest.get(0).equals("--count") ? parseCount(rest.get(1)) : Integer.MAX_VALUE;
            AtomicInteger seen = new AtomicInteger();
            sotto.events().subscribeAll(event -> {
                if (!following && event instanceof org.sotto.core.api.event.CatchUpProgress progress) {
                    // long catch-ups show progress; stdout stays the command's JSON
                    err.println("catching up: " + progress.fetched() + " archived messages" + (progress.done() ? ", done" : " …"));
                }
                if (following) {
                    print(JsonEvents.event(event));
                    // counted here, before connecting, so messages from the catch-up count too
                    if (event instanceof MessageAdded added && added.message().direction() == Direction.INCOMING
                            && seen.incrementAndGet() >= limit) {
                        enough.countDown();
                    }
                }
            });
            AccountSession session;
            if (known.isPresent()) {
                session = known.get();
            } else {
                AccountRecord record = AccountRecord.of(arguments.jid());
                if (arguments.host().isPresent()) {
                    record = record.withServer(arguments.host().get(), arguments.port());
                }
                for (String pin : arguments.pins()) {
                    record = record.withPinnedCertificate(pin);
                }
                session = sotto.accounts().add(record, password);
            }
            ConnectionState state = session.connect().orTimeout(60, TimeUnit.SECONDS).join();
            boolean online = state instanceof ConnectionState.Online;
            if (!online) {
                print(JsonEvents.state(session.jid(), state));
                // a send is stored and queued while the server cannot be reached; a known account's stored
                // contacts, chats, history and devices are shown from the profile; other commands need the server
                boolean queues = arguments.command().equals("send") && state instanceof ConnectionState.Reconnecting;
                boolean reads = known.isPresent() && (List.of("contacts", "chats", "history").contains(arguments.command())
                        || arguments.command().equals("devices") && arguments.rest().isEmpty());
                if (!queues && !reads) {
                    return 1;
                }
            }
            loggedIn = online;
            return execute(sotto, session, arguments, stdin, online);
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            Optional<OmemoSendException> omemo = omemoFailure(e);
            if (omemo.isPresent()) {
                print(JsonEvents.omemoFailure(omemo.get()));
            } else {
                print(Map.of("type", "error", "reason", "failed", "message", String.valueOf(cause.getMessage())));
            }
            return 1;
        } catch (IllegalArgumentException e) {
            print(Map.of("type", "error", "reason", "invalid_argument", "message", String.valueOf(e.getMessage())));
            return 2;
        }
    }

    private static void choosePlaintext(AccountSession session, String peer, boolean plaintext) {
        session.omemo().orElseThrow().setPlaintext(peer, plaintext); // kept through the persistence ports
    }

    private static Optional<OmemoSendException> omemoFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OmemoSendException omemo) {
                return Optional.of(omemo);
            }
        }
        return Optional.empty();
    }

    private int execute(Sotto sotto, AccountSession session, Arguments arguments, BufferedReader stdin,
                        boolean online) {
        List<String> rest = arguments.rest();
        switch (arguments.command()) {
            case "contacts" -> {
                for (Contact contact : session.contacts().contacts().join()) {
                    print(JsonEvents.contact(contact));
                }
                return 0;
            }
            case "chats" -> {
                session.drain().join(); // reads show what is committed: let the login's catch-up finish first
                for (ChatMessage newest : session.chats().conversations().join()) {
                    print(JsonEvents.message("chat", newest));
                }
                return 0;
            }
            case "history" -> { // arguments checked by checkUsage, as for every command below
                int count = rest.size() > 1 ? parseCount(rest.get(1)) : 50;
                session.drain().join();
                for (ChatMessage message : session.chats().history(rest.get(0), Optional.empty(), count).join()) {
                    print(JsonEvents.message("message", message));
                }
                return 0;
            }
            case "plaintext" -> {
                choosePlaintext(session, rest.get(0), rest.get(1).equals("on"));
                print(Map.of("type", "encryption", "jid", rest.get(0),
                        "preference", rest.get(1).equals("on") ? "plaintext" : "omemo"));
                return 0;
            }
            case "devices" -> {
                OmemoService omemo = session.omemo().orElseThrow();
                String owner = rest.isEmpty() ? session.jid() : rest.get(0);
                if (owner.equals(session.jid())) {
                    print(JsonEvents.ownDevice(session.jid(), omemo.ownDeviceId(), fingerprint(omemo)));
                }
                if (!online) { // the devices last seen, from the profile
                    omemo.knownDevices(owner).stream().filter(known -> !known.thisDevice())
                            .forEach(known -> print(JsonEvents.device(known)));
                    return 0;
                }
                List<TrustRecord> records = omemo.devices(owner).join();
                for (TrustRecord record : records) {
                    print(JsonEvents.device(record));
                }
                for (OmemoService.OmemoDevice known : omemo.knownDevices(owner)) {
                    if (!known.active() && !known.thisDevice()) {
                        print(JsonEvents.device(known));
                    }
                }
                return 0;
            }
            case "remove-device" -> {
                OmemoService omemo = session.omemo().orElseThrow();
                int deviceId = parseDeviceId(rest.get(0));
                omemo.removeOwnDevice(deviceId).join();
                print(Map.of("type", "device-removed", "jid", session.jid(), "device", deviceId));
                return 0;
            }
            case "trust", "distrust" -> {
                OmemoService omemo = session.omemo().orElseThrow();
                DeviceAddress device = new DeviceAddress(rest.get(0), parseDeviceId(rest.get(1)));
                omemo.devices(device.bareJid()).join(); // a device never seen before is recorded with its key first
                Optional<TrustRecord> known = omemo.trust().trust(device);
                if (known.isEmpty()) {
                    print(Map.of("type", "error", "message", "no such OMEMO device: " + device));
                    return 1;
                }
                TrustLevel level = arguments.command().equals("trust") ? TrustLevel.TRUSTED_BLIND : TrustLevel.DISTRUSTED;
                TrustRecord decided;
                try {
                    // through the OMEMO service: the chat states follow and messages queued for this decision go out
                    decided = omemo.decide(device, level).join();
                } catch (java.util.concurrent.CompletionException e) {
                    if (e.getCause() instanceof IdentityChangedException changed) {
                        print(Map.of("type", "error", "message", String.valueOf(changed.getMessage())));
                        return 1;
                    }
                    throw e;
                }
                print(JsonEvents.device(decided));
                return 0;
            }
            case "verify" -> {
                OmemoService omemo = session.omemo().orElseThrow();
                OmemoUri uri;
                try {
                    uri = OmemoUri.parse(rest.get(0));
                } catch (MalformedUriException e) {
                    throw new IllegalArgumentException("not an OMEMO verification URI: " + e.getMessage());
                }
                List<TrustRecord> verified;
                try {
                    verified = omemo.verify(uri).join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof IdentityChangedException mismatch) {
                        print(Map.of("type", "error", "reason", "fingerprint_mismatch", "message",
                                "the URI gives device " + mismatch.device().deviceId() + " of " + mismatch.device().bareJid()
                                        + " the fingerprint " + mismatch.presented().display()
                                        + ", but the key on record for it is " + mismatch.known().display()
                                        + "; nothing was changed"));
                        return 1;
                    }
                    throw e;
                }
                verified.forEach(record -> print(JsonEvents.device(record)));
                return 0;
            }
            case "send" -> {
                if (!rest.isEmpty() && rest.get(0).equals("--plaintext")) {
                    rest = rest.subList(1, rest.size());
                    choosePlaintext(session, rest.get(0), true);
                }
                CountDownLatch acknowledged = new CountDownLatch(1);
                String[] key = new String[1];
                sotto.events().subscribe(MessageUpdated.class, e -> {
                    if (e.message().key().equals(key[0]) && e.message().status() != MessageStatus.PENDING) {
                        acknowledged.countDown();
                    }
                });
                ChatMessage sent;
                try {
                    sent = session.chats().send(rest.get(0), String.join(" ", rest.subList(1, rest.size()))).join();
                } catch (CompletionException e) {
                    Optional<OmemoSendException> blocked = omemoFailure(e);
                    if (blocked.isEmpty()) {
                        throw e;
                    }
                    // the devices the send waits for, with their keys: decide with trust/distrust, then send again;
                    // the error line comes last
                    OmemoService omemo = session.omemo().orElseThrow();
                    blocked.get().devices().forEach(device ->
                            omemo.trust().trust(device).ifPresent(record -> print(JsonEvents.device(record))));
                    print(JsonEvents.omemoFailure(blocked.get()));
                    return 1;
                }
                if (!online) {
                    // stored (PENDING) and in the outbox: it goes out, encrypted then if the chat is, at the next login
                    print(JsonEvents.message("queued", sent));
                    return 0;
                }
                key[0] = sent.key();
                boolean done = await(acknowledged);
                print(JsonEvents.message("sent", session.chats().history(sent.peer(), Optional.empty(), 1000).join()
                        .stream().filter(m -> m.key().equals(sent.key())).findFirst().orElse(sent)));
                return done ? 0 : 1;
            }
            case "follow" -> {
                Thread stdinWatcher = new Thread(() -> {
                    while (readLine(stdin) != null) {
                        // lines on stdin are ignored; its end stops following
                    }
                    enough.countDown();
                }, "sotto-cli-stdin");
                stdinWatcher.setDaemon(true);
                stdinWatcher.start();
                try {
                    enough.await();
                    session.drain().join();
                    sotto.events().execute(() -> { }); // let queued lines print before closing
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 0;
            }
            default -> throw new IllegalArgumentException("unknown command: " + arguments.command());
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Arguments parse(String[] args) {
        Deque<String> queue = new ArrayDeque<>(List.of(args));
        String jid = null;
        Optional<String> passwordEnv = Optional.empty();
        Optional<Path> profile = Optional.empty();
        Optional<String> passphraseEnv = Optional.empty();
        Optional<String> host = Optional.empty();
        int port = 5222;
        List<String> pins = new ArrayList<>();
        while (!queue.isEmpty() && queue.peekFirst().startsWith("--")) {
            String option = queue.removeFirst();
            String value = queue.pollFirst();
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            switch (option) {
                case "--jid" -> jid = value;
                case "--password-env" -> passwordEnv = Optional.of(value);
                case "--profile" -> profile = Optional.of(Path.of(value));
                case "--passphrase-env" -> passphraseEnv = Optional.of(value);
                case "--server" -> {
                    int colon = value.lastIndexOf(':');
                    host = Optional.of(colon < 0 ? value : value.substring(0, colon));
                    port = colon < 0 ? 5222 : parsePort(value.substring(colon + 1));
                }
                // checked here, so a malformed pin is a usage error before the profile opens, for any account
                case "--pin" -> pins.add(CertificateFingerprints.normalize(value));
                default -> throw new IllegalArgumentException("unknown option: " + option);
            }
        }
        if (jid == null) {
            throw new IllegalArgumentException("--jid is required");
        }
        if (queue.isEmpty()) {
            throw new IllegalArgumentException("no command given");
        }
        String command = queue.removeFirst();
        Arguments arguments = new Arguments(jid, passwordEnv, profile, passphraseEnv, host, port, pins, command,
                List.copyOf(queue));
        checkUsage(arguments);
        return arguments;
    }

    /** What the arguments alone decide, checked before the profile opens or anything connects. */
    private static void checkUsage(Arguments arguments) {
        try {
            JidCreate.entityBareFrom(arguments.jid());
        } catch (XmppStringprepException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an account address (user@server): " + arguments.jid());
        }
        List<String> rest = arguments.rest();
        switch (arguments.command()) {
            case "contacts", "chats" -> {
                // nothing to check
            }
            case "history" -> {
                requireArguments(rest, 1, "history JID [N]");
                if (rest.size() > 2) {
                    throw new IllegalArgumentException("usage: history JID [N]");
                }
                if (rest.size() == 2) {
                    parseCount(rest.get(1));
                }
            }
            case "plaintext" -> {
                if (rest.size() != 2 || !List.of("on", "off").contains(rest.get(1))) {
                    throw new IllegalArgumentException("usage: plaintext JID on|off");
                }
            }
            case "devices" -> {
                if (rest.size() > 1) {
                    throw new IllegalArgumentException("usage: devices [JID]");
                }
            }
            case "remove-device" -> {
                requireArguments(rest, 1, "remove-device DEVICEID");
                parseDeviceId(rest.get(0));
            }
            case "trust", "distrust" -> {
                if (rest.size() != 2) {
                    throw new IllegalArgumentException("usage: " + arguments.command() + " JID DEVICEID");
                }
                parseDeviceId(rest.get(1));
            }
            case "verify" -> {
                requireArguments(rest, 1, "verify xmpp:JID?omemo-sid-DEVICEID=FINGERPRINT");
                try {
                    OmemoUri.parse(rest.get(0));
                } catch (MalformedUriException e) {
                    throw new IllegalArgumentException("not an OMEMO verification URI: " + e.getMessage());
                }
            }
            case "send" -> requireArguments(rest.isEmpty() || !rest.get(0).equals("--plaintext") ? rest
                    : rest.subList(1, rest.size()), 2, "send [--plaintext] JID TEXT...");
            case "follow" -> {
                if (!rest.isEmpty() && !(rest.size() == 2 && rest.get(0).equals("--count"))) {
                    throw new IllegalArgumentException("usage: follow [--count N]");
                }
                if (!rest.isEmpty()) {
                    parseCount(rest.get(1));
                }
            }
            default -> throw new IllegalArgumentException("unknown command: " + arguments.command());
        }
    }

    /**
     * Log records on standard error as one line each, the exception as its class and message: a person reads them
     * (an untrusted certificate printed Smack's 47-line stack trace), and the JSON on standard output says what
     * happened anyway.
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

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port number: " + text);
        }
    }

    private static String fingerprint(OmemoService omemo) {
        try {
            return omemo.ownFingerprint().display();
        } catch (OmemoException e) {
            throw new IllegalStateException("this device's OMEMO identity is unusable: " + e.getMessage(), e);
        }
    }

    private static int parseDeviceId(String text) {
        try {
            int id = Integer.parseInt(text);
            if (id < 1) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an OMEMO device id: " + text);
        }
    }

    private static int parseCount(String text) {
        try {
            int count = Integer.parseInt(text);
            if (count < 1) {
                throw new NumberFormatException();
            }
            return count;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a positive number: " + text);
        }
    }

    private static void requireArguments(List<String> rest, int count, String usage) {
        if (rest.size() < count) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void print(Map<String, Object> json) {
        if (json == null) {
            return;
        }
        try {
            out.println(JSON.writeValueAsString(json));
            out.flush();
        } catch (JsonProcessingException e) {
            err.println("cannot write JSON: " + e.getMessage());
        }
    }
}
