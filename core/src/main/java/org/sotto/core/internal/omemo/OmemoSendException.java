package org.sotto.core.internal.omemo;

import java.util.List;

import org.sotto.crypto.DeviceAddress;

/**
 * An OMEMO chat message could not be encrypted, so it was not sent (and not stored): never silent plaintext.
 * The caller's send future completes exceptionally with this; {@link #reason()} says what the user can do.
 */
public final class OmemoSendException extends Exception {
    public enum Reason {
        /** The contact publishes no OMEMO device; choose plaintext for the chat to send anyway. */
        NO_DEVICES,
        /** The contact has devices, but none could be used (no bundle, or all distrusted). */
        NO_USABLE_DEVICES,
        /** Undecided devices of a contact with verified devices (or of the own account): the user must decide. */
        UNDECIDED_DEVICES,
        /** Not logged in: device lists and bundles cannot be fetched now. */
        NOT_CONNECTED,
        /** Only when the OMEMO stages are used without the room stages ({@code RoomEncryption}). */
        GROUP_CHAT_NOT_SUPPORTED,
        /**
         * The room is not members-only and non-anonymous (XEP-0384 §5.6), so its members' devices cannot be known;
         * choose plaintext for the room to send anyway.
         */
        ROOM_NOT_ENCRYPTABLE,
        /** The server or the crypto failed (details in the message). */
        FAILED
    }

    private final Reason reason;
    private final List<DeviceAddress> devices;

    public OmemoSendException(Reason reason, String message, List<DeviceAddress> devices, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.devices = List.copyOf(devices);
    }

    public OmemoSendException(Reason reason, String message) {
        this(reason, message, List.of(), null);
    }

    public Reason reason() {
        return reason;
    }

    /** The devices the reason is about (the undecided ones for {@link Reason#UNDECIDED_DEVICES}). */
    public List<DeviceAddress> devices() {
        return devices;
    }
}
