package org.sotto.crypto.omemo2;

/** Where the private halves of our published prekeys come from when a key exchange arrives: the store SPI. */
interface PreKeySource {
    /** The private key of our signed prekey with this id (current or within its grace period), or null. */
    byte[] signedPreKeyPrivate(int id);

    /** The private key of our one-time prekey with this id, or null when unknown or already used. */
    byte[] preKeyPrivate(int id);
}
