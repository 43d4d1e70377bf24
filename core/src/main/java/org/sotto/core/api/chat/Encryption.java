package org.sotto.core.api.chat;

/**
 * The encryption state stored with every message; the GUI only renders it. E2EE_UNTRUSTED_DEVICES on a received
 * message: its device is undecided; E2EE_DISTRUSTED: the user distrusted its device. Neither is shown as trusted.
 */
public enum Encryption {
    E2EE_VERIFIED, E2EE_TRUSTED, E2EE_UNTRUSTED_DEVICES, E2EE_DISTRUSTED, PLAINTEXT, UNDECRYPTABLE
}
