package org.sotto.core.api.account;

import java.time.Instant;
import java.util.Objects;

/** The state of one account's connection, as the GUI shows it. Every state has a human-readable message. */
public sealed interface ConnectionState {
    String message();

    /** Not connected and not trying (never started, or the user disconnected). */
    record Offline() implements ConnectionState {
        @Override
        public String message() {
            return "Offline";
        }
    }

    /** A connection attempt is under way; {@code attempt} counts from 1 since the last success. */
    record Connecting(int attempt) implements ConnectionState {
        @Override
        public String message() {
            return attempt <= 1 ? "Connecting…" : "Connecting (attempt " + attempt + ")…";
        }
    }

    /**
     * Logged in. {@code resumed} is true when stream management resumed the previous session (nothing was lost and
     * no catch-up was needed).
     */
    record Online(String boundJid, boolean resumed) implements ConnectionState {
        public Online {
            Objects.requireNonNull(boundJid);
        }

        @Override
        public String message() {
            return "Online as " + boundJid;
        }
    }

    /** Lost or failed with a retryable cause; the next attempt starts at {@code nextAttempt}. */
    record Reconnecting(Instant nextAttempt, int attempt, Failure cause) implements ConnectionState {
        public Reconnecting {
            Objects.requireNonNull(nextAttempt);
            Objects.requireNonNull(cause);
        }

        @Override
        public String message() {
            return cause.message() + " Retrying at " + nextAttempt + ".";
        }
    }

    /** Failed for a reason that needs the user (password, certificate, …); no automatic retry. */
    record Failed(Failure failure) implements ConnectionState {
        public Failed {
            Objects.requireNonNull(failure);
        }

        @Override
        public String message() {
            return failure.message();
        }
    }
}
