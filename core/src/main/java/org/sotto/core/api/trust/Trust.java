package org.sotto.core.api.trust;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.event.ObservableValue;

/**
 * Who can read what an account sends: the OMEMO devices of its contacts and of itself, the user's decisions about
 * them, verification by fingerprint or scanned URI, and each chat's encryption state. A decision, whichever way it
 * is made, refreshes the chat states and releases messages that waited for it.
 */
public interface Trust {
    /** This device's fingerprint, 8 groups of 8 hex digits, to compare with what a contact's client shows. */
    String ownFingerprint();

    /** This device's OMEMO device id (the same for both versions). */
    int ownDeviceId();

    /**
     * {@code xmpp:JID?omemo-sid-ID=FINGERPRINT;…} to give out or show as a QR code (Conversations' format): this
     * device first, then the account's other active devices the user verified, so scanning it verifies them all.
     */
    String ownUri();

    /** The devices of {@code jid} (a contact or the own account) as the profile last saw them; also offline. */
    List<Device> knownDevices(String jid);

    /**
     * Fetches {@code jid}'s device lists and keys now, then answers as {@link #knownDevices}. Without a connection it
     * fails with a {@link org.sotto.core.api.NotConnectedException}.
     */
    CompletableFuture<List<Device>> refresh(String jid);

    /** Records the user's decision about a device whose key is known. */
    CompletableFuture<Device> decide(String jid, int deviceId, TrustDecision decision);

    /**
     * Verifies the devices a scanned {@code xmpp:} URI names against their keys as published now. Fails with a
     * {@link TrustException} ({@code MALFORMED_URI} at once, {@code FINGERPRINT_MISMATCH} in the future).
     */
    CompletableFuture<List<Device>> verify(String uri);

    /**
     * The user's deliberate acceptance of a known device's changed identity key: {@code fingerprint} is the new key
     * as an {@link org.sotto.core.api.event.IdentityKeyChanged} reported it ({@code presentedFingerprint}). It is
     * checked against the key the device publishes now; then it becomes the device's key, UNDECIDED (never verified
     * or trusted on its own: the user decides again), and the session with the old key is dropped. Refusals change
     * nothing: {@link IllegalArgumentException} at once for a fingerprint that is not 64 hex digits,
     * {@link TrustException} {@code FINGERPRINT_MISMATCH} when the device publishes another key,
     * {@code UNKNOWN_DEVICE} for a device without a key on record or without a published bundle,
     * {@link org.sotto.core.api.NotConnectedException} offline. A device whose key on record is {@code fingerprint}
     * already is answered as it is.
     */
    CompletableFuture<Device> acceptChangedIdentity(String jid, int deviceId, String fingerprint);

    /**
     * Whether new devices of {@code jid} are trusted blindly, until the user verifies one of them: the user's choice
     * for that contact, else {@link #defaultBlindTrust()} while none of its devices is verified. Verifying a device
     * turns it off for its owner.
     */
    boolean blindTrust(String jid);

    /** The user's choice for {@code jid}'s new devices; the devices seen already keep their trust. */
    CompletableFuture<Void> setBlindTrust(String jid, boolean blind);

    /** Blind trust for this account's contacts without a choice of their own; on unless the user turns it off. */
    boolean defaultBlindTrust();

    CompletableFuture<Void> setDefaultBlindTrust(boolean blind);

    /**
     * Whether this account shares the user's verifications with its other devices and verified contacts (XEP-0450
     * Automatic Trust Management over OMEMO 2); off unless the user turns it on. When on, verifying or distrusting a
     * device sends encrypted trust messages to verified devices only, and trust messages received from verified
     * devices verify or distrust the keys they name (a contact only for its own keys).
     */
    boolean automaticTrust();

    CompletableFuture<Void> setAutomaticTrust(boolean automatic);

    /** What the next message to {@code peer} would be (verified, trusted, waiting for a decision, plaintext). */
    ObservableValue<Encryption> encryptionState(String peer);

    /** The user's choice to write {@code peer} in plaintext (false: OMEMO, the default). */
    void setPlaintext(String peer, boolean plaintext);

    boolean isPlaintext(String peer);

    /**
     * Removes a stale own device from the own device lists (this one: {@code IllegalArgumentException} at once;
     * without a connection: {@link org.sotto.core.api.NotConnectedException}).
     */
    CompletableFuture<Void> removeOwnDevice(int deviceId);
}
