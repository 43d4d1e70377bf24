package org.sotto.crypto;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.sotto.crypto.spi.PreKeyPair;
import org.sotto.crypto.spi.PreKeyStore;
import org.sotto.crypto.spi.SignedPreKeyPair;
import org.sotto.crypto.spi.SignedPreKeyStore;

/**
 * Keeps one version's bundle keys fresh: {@link Policy#preKeyCount} one-time prekeys, refilled when fewer than
 * {@link Policy#refillBelow} are left; a signed prekey replaced every {@link Policy#rotation}, the replaced one kept
 * for {@link Policy#grace} so that messages built on the old bundle still decrypt. The version supplies the
 * signature; the keys are X25519 in both versions.
 */
public final class PreKeyMaintenance {

    /** Signs a new signed prekey's 32-byte public key as the version requires. */
    @FunctionalInterface
    public interface Signer {
        byte[] sign(byte[] signedPreKeyPublic);
    }

    /** How many prekeys, when to refill, how often to rotate, how long to keep the old signed prekey. */
    public record Policy(int preKeyCount, int refillBelow, Duration rotation, Duration grace) {
        public Policy {
            if (preKeyCount < refillBelow || refillBelow < 1) {
                throw new IllegalArgumentException("refill below " + refillBelow + " to " + preKeyCount + " prekeys?");
            }
        }

        /** 100 prekeys, refilled below the spec's minimum; rotation weekly, old signed prekey kept a month. */
        public static Policy defaults(OmemoVersion version) {
            return new Policy(100, version.minimumPreKeys(), Duration.ofDays(7), Duration.ofDays(30));
        }
    }

    private final OmemoVersion version;
    private final PreKeyStore preKeys;
    private final SignedPreKeyStore signedPreKeys;
    private final Clock clock;
    private final Policy policy;
    private final Signer signer;
    private final SecureRandom random = new SecureRandom();

    public PreKeyMaintenance(OmemoVersion version, PreKeyStore preKeys, SignedPreKeyStore signedPreKeys, Clock clock,
                             Policy policy, Signer signer) {
        this.version = version;
        this.preKeys = preKeys;
        this.signedPreKeys = signedPreKeys;
        this.clock = clock;
        this.policy = policy;
        this.signer = signer;
    }

    /** @return true when the bundle changed (new prekeys or a new signed prekey) */
    public boolean maintain() {
        boolean changed = refillPreKeys();
        changed |= rotateSignedPreKey();
        dropExpiredSignedPreKeys();
        return changed;
    }

    /** The signed prekey to publish: the newest. */
    public SignedPreKeyPair currentSignedPreKey() {
        maintainIfEmpty();
        return newest(signedPreKeys.loadSignedPreKeys(version)).orElseThrow();
    }

    public List<PreKeyPair> preKeys() {
        maintainIfEmpty();
        return preKeys.loadPreKeys(version).stream().sorted(Comparator.comparingInt(PreKeyPair::id)).toList();
    }

    private void maintainIfEmpty() {
        if (signedPreKeys.loadSignedPreKeys(version).isEmpty() || preKeys.loadPreKeys(version).isEmpty()) {
            maintain();
        }
    }

    private boolean refillPreKeys() {
        List<PreKeyPair> existing = preKeys.loadPreKeys(version);
        if (existing.size() >= policy.refillBelow()) {
            return false;
        }
        Set<Integer> taken = new HashSet<>();
        existing.forEach(k -> taken.add(k.id()));
        for (int i = existing.size(); i < policy.preKeyCount(); i++) {
            int id = DeviceIds.generate(taken, random);
            taken.add(id);
            X25519PrivateKeyParameters key = new X25519PrivateKeyParameters(random);
            preKeys.storePreKey(version, new PreKeyPair(id, key.getEncoded(), key.generatePublicKey().getEncoded()));
        }
        return true;
    }

    private boolean rotateSignedPreKey() {
        Instant now = clock.instant();
        Optional<SignedPreKeyPair> current = newest(signedPreKeys.loadSignedPreKeys(version));
        if (current.isPresent() && current.get().createdAt().plus(policy.rotation()).isAfter(now)) {
            return false;
        }
        Set<Integer> taken = new HashSet<>();
        signedPreKeys.loadSignedPreKeys(version).forEach(k -> taken.add(k.id()));
        X25519PrivateKeyParameters key = new X25519PrivateKeyParameters(random);
        byte[] publicKey = key.generatePublicKey().getEncoded();
        signedPreKeys.storeSignedPreKey(version, new SignedPreKeyPair(DeviceIds.generate(taken, random),
                key.getEncoded(), publicKey, signer.sign(publicKey), now));
        return true;
    }

    /** A replaced signed prekey retires when its successor was made; it is kept for the grace period after that. */
    private void dropExpiredSignedPreKeys() {
        List<SignedPreKeyPair> all = signedPreKeys.loadSignedPreKeys(version).stream()
                .sorted(Comparator.comparing(SignedPreKeyPair::createdAt)).toList();
        Instant now = clock.instant();
        for (int i = 0; i + 1 < all.size(); i++) {
            Instant retired = all.get(i + 1).createdAt();
            if (!retired.plus(policy.grace()).isAfter(now)) {
                signedPreKeys.removeSignedPreKey(version, all.get(i).id());
            }
        }
    }

    private static Optional<SignedPreKeyPair> newest(List<SignedPreKeyPair> keys) {
        return keys.stream().max(Comparator.comparing(SignedPreKeyPair::createdAt));
    }
}
