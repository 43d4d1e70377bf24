package org.sotto.core.api.chat;

/** How far an outgoing message got; incoming messages are {@link #RECEIVED}. Only ever moves forward. */
public enum MessageStatus {
    /** Stored and queued; not yet acknowledged by the server. */
    PENDING,
    /** The server acknowledged it (stream management), or it came back from the archive or a carbon. */
    SENT,
    /** The recipient's client confirmed delivery (XEP-0184 receipt or XEP-0333 received marker). */
    DELIVERED,
    /**
     * The recipient displayed it (XEP-0333 displayed marker). For an incoming message: one of the user's other
     * clients displayed it (its marker came as a carbon or from the archive), i.e. it was read elsewhere.
     */
    DISPLAYED,
    /** Bounced with an error by the server or the recipient's server. */
    FAILED,
    /** An incoming message. */
    RECEIVED;

    public boolean isAfter(MessageStatus other) {
        return ordinal() > other.ordinal();
    }
}
