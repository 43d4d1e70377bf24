package org.sotto.crypto;

/**
 * The key material from a sender device's key element, the sender's identity (to look its trust up), whether this
 * element started a new session (a PreKey message / key exchange), and whether the caller should answer the sender
 * device with a key transport (empty) message: to confirm a new session, or because a heartbeat is due (OMEMO 2).
 */
public record DecryptedKey(byte[] keyMaterial, Fingerprint senderIdentity, boolean newSession,
                           boolean sendKeyTransport) {
    public DecryptedKey {
        keyMaterial = keyMaterial.clone();
    }

    /** A key element whose only reason for an answer is a new session. */
    public DecryptedKey(byte[] keyMaterial, Fingerprint senderIdentity, boolean newSession) {
        this(keyMaterial, senderIdentity, newSession, newSession);
    }

    @Override
    public byte[] keyMaterial() {
        return keyMaterial.clone();
    }

    @Override
    public String toString() {
        return "DecryptedKey[" + senderIdentity + (newSession ? ", new session" : "")
                + (sendKeyTransport ? ", answer with key transport" : "") + "]";
    }
}
