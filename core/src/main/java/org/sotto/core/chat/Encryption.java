package org.sotto.core.chat;

/** The encryption state stored with every message; the GUI only renders it. */
public enum Encryption {
    E2EE_VERIFIED, E2EE_TRUSTED, E2EE_UNTRUSTED_DEVICES, PLAINTEXT, UNDECRYPTABLE
}
