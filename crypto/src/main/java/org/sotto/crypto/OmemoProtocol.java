package org.sotto.crypto;

/**
 * One OMEMO version for one account's device. A message is encrypted once ({@link #encryptPayload}) and its key
 * material for every recipient device ({@link #encryptKey}); received, the key element from the sender device is
 * decrypted ({@link #decryptKey}) and then the payload ({@link #decryptPayload}). Sessions and keys live in the
 * store (SPI); every method writes only after it succeeded, so a failure leaves the stored session unchanged.
 * Identity keys are checked against the trust records: a known device with a new key fails with
 * {@link IdentityChangedException}; trust for sending is the caller's business ({@link TrustManager#planSend}).
 */
public interface OmemoProtocol {
    OmemoVersion version();

    DeviceAddress ownDevice();

    Fingerprint ownFingerprint();

    /**
     * Refills one-time prekeys below the spec's minimum and rotates the signed prekey when due (dropping old ones
     * after their grace period).
     *
     * @return true when the published bundle changed and must be published again
     */
    boolean maintainBundle() throws OmemoException;

    /** This device's bundle to publish (creating the keys on first use). */
    Bundle ownBundle() throws OmemoException;

    /**
     * Starts a session with a peer device from its bundle (active X3DH with one of its one-time prekeys, chosen at
     * random). Key elements for it are PreKey messages until the peer answers.
     */
    void buildSession(DeviceAddress peer, Bundle bundle) throws OmemoException;

    boolean hasSession(DeviceAddress peer);

    /** Encrypts a payload once; the result's key material goes to each device via {@link #encryptKey}. */
    PayloadEncryption encryptPayload(byte[] plaintext) throws OmemoException;

    /** Fresh key material without a payload: an empty (key transport) message, to heal or advance sessions. */
    PayloadEncryption keyTransport();

    /** Encrypts key material for one device we have a session with. */
    EncryptedKey encryptKey(DeviceAddress recipient, byte[] keyMaterial) throws OmemoException;

    /**
     * Decrypts the key element a sender device addressed to us; a PreKey message builds the session passively
     * and deletes the one-time prekey it used.
     */
    DecryptedKey decryptKey(DeviceAddress sender, EncryptedKey key) throws OmemoException;

    byte[] decryptPayload(EncryptedPayload payload, byte[] keyMaterial) throws OmemoException;
}
