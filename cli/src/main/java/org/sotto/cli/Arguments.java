package org.sotto.cli;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.sotto.core.api.account.CertificatePins;

/**
 * The options every command takes and the command with its own arguments, read and checked without a profile.
 *
 * @param pins normalized SHA-256 fingerprints of server certificates to accept
 */
public record Arguments(String jid, Optional<String> passwordEnv, Optional<Path> profile,
                        Optional<String> passphraseEnv, Optional<String> host, int port, List<String> pins,
                        String command, List<String> rest) {
    public static final int DEFAULT_PORT = 5222;

    public Arguments {
        pins = List.copyOf(pins);
        rest = List.copyOf(rest);
    }

    /** Reads the options before the command; the command's own arguments are checked by the command. */
    public static Arguments parse(String[] args) {
        Deque<String> queue = new ArrayDeque<>(List.of(args));
        String jid = null;
        Optional<String> passwordEnv = Optional.empty();
        Optional<Path> profile = Optional.empty();
        Optional<String> passphraseEnv = Optional.empty();
        Optional<String> host = Optional.empty();
        int port = DEFAULT_PORT;
        List<String> pins = new ArrayList<>();
        while (!queue.isEmpty() && queue.peekFirst().startsWith("--")) {
            String option = queue.removeFirst();
            String value = queue.pollFirst();
            if (value == null) {
                throw new UsageException(option + " needs a value");
            }
            switch (option) {
                case "--jid" -> jid = value;
                case "--password-env" -> passwordEnv = Optional.of(value);
                case "--profile" -> profile = Optional.of(Path.of(value));
                case "--passphrase-env" -> passphraseEnv = Optional.of(value);
                case "--server" -> {
                    int colon = value.lastIndexOf(':');
                    host = Optional.of(colon < 0 ? value : value.substring(0, colon));
                    port = colon < 0 ? DEFAULT_PORT : parsePort(value.substring(colon + 1));
                }
                // checked here, so a malformed pin is a usage error before the profile opens, for any account
                case "--pin" -> pins.add(pin(value));
                default -> throw new UsageException("unknown option: " + option);
            }
        }
        if (jid == null) {
            throw new UsageException("--jid is required");
        }
        requireJid(jid, "not an account address (user@server): ");
        if (queue.isEmpty()) {
            throw new UsageException("no command given");
        }
        String command = queue.removeFirst();
        return new Arguments(jid, passwordEnv, profile, passphraseEnv, host, port, pins, command, List.copyOf(queue));
    }

    private static String pin(String value) {
        try {
            return CertificatePins.normalize(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** A bare address {@code user@server}, or a usage error that starts with {@code problem}. */
    public static String requireJid(String jid, String problem) {
        try {
            JidCreate.entityBareFrom(jid);
            return jid;
        } catch (XmppStringprepException | IllegalArgumentException e) {
            throw new UsageException(problem + jid);
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
            throw new UsageException("not a port number: " + text);
        }
    }

    /** A positive number (a count or a limit), or a usage error. */
    public static int parseCount(String text) {
        try {
            int count = Integer.parseInt(text);
            if (count < 1) {
                throw new NumberFormatException();
            }
            return count;
        } catch (NumberFormatException e) {
            throw new UsageException("not a positive number: " + text);
        }
    }

    /** An OMEMO device id (positive), or a usage error. */
    public static int parseDeviceId(String text) {
        try {
            int id = Integer.parseInt(text);
            if (id < 1) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new UsageException("not an OMEMO device id: " + text);
        }
    }

    /** At least {@code count} arguments, or a usage error naming {@code usage}. */
    public static void requireArguments(List<String> rest, int count, String usage) {
        if (rest.size() < count) {
            throw new UsageException("usage: " + usage);
        }
    }
}
