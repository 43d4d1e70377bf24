package org.sotto.store;

/** How a message was protected; mirrors core's encryption state, stored by name. */
public enum MessageEncryption {
    E2EE_VERIFIED, E2EE_TRUSTED, E2EE_UNTRUSTED_DEVICES, E2EE_DISTRUSTED, DEVICES_UNKNOWN, ENCRYPTION_UNAVAILABLE, PLAINTEXT, UNDECRYPTABLE
}
