package org.sotto.crypto.spi;

/** Everything one account's OMEMO needs persisted; the {@code store} module implements it on SQLite. */
public interface OmemoStore extends OwnIdentityStore, PreKeyStore, SignedPreKeyStore, SessionStore, TrustStore {
}
