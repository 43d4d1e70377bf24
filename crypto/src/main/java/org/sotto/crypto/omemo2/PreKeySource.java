package org.sotto.crypto.omemo2;

/**
 * Where the private halves of our published prekeys come from when a key exchange arrives: {@link Omemo2Device}'s
 * own state, or (after the merge) the crypto module's store SPI.
 */
public interface PreKeySource {
    /** The private key of our signed prekey with this id (current or within its grace period), or null. */
    byte[] signedPreKeyPrivate(int id);

    /** The private key of our one-time prekey with this id, or null when unknown or already used. */
    byte[] preKeyPrivate(int id);

    /** Whether a key exchange with this ephemeral key already built a session here (its prekey is gone). */
    boolean keyExchangeUsed(byte[] ephemeralKey);
}
