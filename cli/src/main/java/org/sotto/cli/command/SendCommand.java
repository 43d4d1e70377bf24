package org.sotto.cli.command;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.sotto.cli.Arguments;
import org.sotto.cli.JsonEvents;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.chat.SendException;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.api.event.Subscription;
import org.sotto.core.api.trust.Device;

/**
 * {@code send [--plaintext] JID TEXT...}: end-to-end encrypted, or plaintext where the user chose it, or not at all.
 * Online it prints the message once the server acknowledged it; while the server cannot be reached it is stored and
 * queued ({@code queued}, exit 0) and goes out at the next login.
 */
final class SendCommand implements Command {
    private static final String USAGE = "send [--plaintext] JID TEXT...";
    /** How long to wait for the server's acknowledgement of a sent message. */
    private static final long ACKNOWLEDGEMENT_SECONDS = 30;

    /** Keys of messages the server acknowledged (status past PENDING) while this command runs. Guarded by itself. */
    private final Set<String> acknowledged = new HashSet<>();

    private static boolean plaintext(List<String> args) {
        return !args.isEmpty() && args.get(0).equals("--plaintext");
    }

    private static List<String> withoutFlag(List<String> args) {
        return plaintext(args) ? args.subList(1, args.size()) : args;
    }

    @Override
    public void checkUsage(List<String> args) {
        List<String> rest = withoutFlag(args);
        Arguments.requireArguments(rest, 2, USAGE);
        Arguments.requireJid(rest.get(0), "not an address (user@server): ");
    }

    @Override
    public boolean queuesOffline() {
        return true;
    }

    @Override
    public int run(CommandContext context) {
        List<String> rest = withoutFlag(context.args());
        String peer = rest.get(0);
        if (plaintext(context.args())) {
            context.account().trust().setPlaintext(peer, true); // kept, like the plaintext command
        }
        return deliver(context, peer, String.join(" ", rest.subList(1, rest.size())));
    }

    /**
     * Sends {@code body} to {@code peer} (a contact, or a room this run is in) and prints the outcome: {@code sent}
     * once the server acknowledged it, {@code queued} while offline, or the refusal with the devices concerned.
     */
    int deliver(CommandContext context, String peer, String body) {
        // subscribed before sending: the acknowledgement may come before the send's future completes
        Subscription updates = context.profile().subscribe(MessageUpdated.class, Optional.of(context.account().jid()),
                Runnable::run, this::recordAcknowledgements);
        try {
            ChatMessage sent;
            try {
                sent = context.account().chats().send(peer, body).join();
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof SendException refused)) {
                    throw e;
                }
                // the devices the send is about, with their keys (decide with trust/distrust, then send again);
                // the error line comes last
                for (Device device : refused.devices()) {
                    if (device.fingerprint().isPresent() && device.trust().isPresent()) {
                        context.out().print(JsonEvents.device(device));
                    }
                }
                context.out().print(JsonEvents.sendFailure(refused));
                return 1;
            }
            if (!context.online()) {
                // stored (PENDING) and in the outbox: it goes out, encrypted then if the chat is, at the next login
                context.out().print(JsonEvents.message("queued", sent));
                return 0;
            }
            boolean done = awaitAcknowledgement(sent.key());
            ChatMessage stored = context.account().chats().history(sent.peer(), Optional.empty(), 1000).join().stream()
                    .filter(m -> m.key().equals(sent.key())).findFirst().orElse(sent);
            context.out().print(JsonEvents.message("sent", stored));
            return done ? 0 : 1;
        } finally {
            updates.close();
        }
    }

    private void recordAcknowledgements(List<MessageUpdated> batch) {
        synchronized (acknowledged) {
            for (MessageUpdated update : batch) {
                if (update.message().status() != MessageStatus.PENDING) {
                    acknowledged.add(update.message().key());
                }
            }
            acknowledged.notifyAll();
        }
    }

    private boolean awaitAcknowledgement(String key) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ACKNOWLEDGEMENT_SECONDS);
        synchronized (acknowledged) {
            while (!acknowledged.contains(key)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(acknowledged, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }
}
