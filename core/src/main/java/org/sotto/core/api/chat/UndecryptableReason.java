package org.sotto.core.api.chat;

/**
 * Why a received OMEMO message could not be decrypted: {@link ChatMessage#undecryptable()} of a message of state
 * UNDECRYPTABLE, whose body is empty (never the sender's fallback text). {@link #text()} is a short English
 * description (the command line prints it); a window words it itself.
 */
public enum UndecryptableReason {
    NOT_FOR_THIS_DEVICE("encrypted, but not for this device"),
    NO_SESSION("no session with the sending device"),
    KEY_FAILED_TO_VERIFY("message key failed to verify"),
    /** The sending device presented another identity key than the one on record (an {@code IdentityKeyChanged}). */
    IDENTITY_CHANGED("the sending device presented another identity key than the one on record, which was refused"),
    ENVELOPE_MISMATCH("the encrypted envelope does not match the message (spoofed or replayed)"),
    UNSUPPORTED_VERSION("encrypted with an OMEMO version this device does not use"),
    /** Decrypted, but what came out (an OMEMO 2 envelope) is not well-formed, or the element itself is broken. */
    MALFORMED("the encrypted message is malformed"),
    /** A room message whose sender's real JID the room did not tell (so the sending device cannot be known). */
    UNKNOWN_SENDER("the room did not say who sent it, so the sending device is unknown"),
    /** Only when the OMEMO stages are used without the room stages ({@code RoomEncryption}). */
    GROUP_CHAT("OMEMO in group chats is not supported yet");

    private final String text;

    UndecryptableReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
