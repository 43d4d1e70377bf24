package org.sotto.core.api.chat;

import java.util.List;
import java.util.Objects;

import org.sotto.core.api.trust.Device;

/**
 * A message that could not be encrypted as the chat requires, so it was neither sent nor stored: never silent
 * plaintext. A send future completes exceptionally with it (inside a {@code CompletionException}); {@link #reason()}
 * says what the user can do, {@link #devices()} which devices it is about.
 */
public final class SendException extends RuntimeException {
    public enum Reason {
        /** Not logged in: the devices to encrypt for cannot be fetched now. */
        NOT_CONNECTED,
        /** The contact (or a room member) publishes no OMEMO device; choose plaintext for the chat to send anyway. */
        NO_DEVICES,
        /** There are devices, but none can be used (no keys published, or all distrusted). */
        NO_USABLE_DEVICES,
        /**
         * New devices of a contact with verified devices (or of the own account) wait for the user's decision:
         * trust or distrust {@link #devices()}, then send again.
         */
        TRUST_DECISION_NEEDED,
        /** The room does not let members know each other's addresses, so its members' devices cannot be known. */
        ROOM_NOT_ENCRYPTABLE,
        /** The server or the encryption failed (details in the message). */
        FAILED
    }

    private final Reason reason;
    private final List<Device> devices;

    public SendException(Reason reason, String message, List<Device> devices, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.devices = List.copyOf(devices);
    }

    public Reason reason() {
        return reason;
    }

    /**
     * The devices the reason is about, each with its fingerprint and trust as known now (the undecided ones for
     * {@link Reason#TRUST_DECISION_NEEDED}); a device whose key is not known yet has neither.
     */
    public List<Device> devices() {
        return devices;
    }
}
