package org.sotto.crypto.omemo2;

/**
 * Everything that can go wrong with OMEMO 2 input, one subclass per cause so callers can tell a replayed
 * message (ignore silently, as XEP-0384 asks) from a forged one (warn the user). Messages never contain key
 * material or plaintext.
 *
 * <p>Placeholder hierarchy: the root package's shared crypto exceptions will replace it when the branches merge.
 */
public class Omemo2Exception extends Exception {
    private static final long serialVersionUID = 1L;

    public Omemo2Exception(String message) {
        super(message);
    }

    public Omemo2Exception(String message, Throwable cause) {
        super(message, cause);
    }

    /** Bytes that do not parse: truncated protobuf, missing field, wrong key or key-material length. */
    public static final class Malformed extends Omemo2Exception {
        private static final long serialVersionUID = 1L;

        public Malformed(String message) {
            super(message);
        }

        public Malformed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A signed prekey whose signature does not verify with the bundle's identity key. */
    public static final class BadSignature extends Omemo2Exception {
        private static final long serialVersionUID = 1L;

        public BadSignature(String message) {
            super(message);
        }
    }

    /** An OMEMOAuthenticatedMessage from a device we have no session with. */
    public static final class NoSession extends Omemo2Exception {
        private static final long serialVersionUID = 1L;

        public NoSession(String message) {
            super(message);
        }
    }

    /** A key exchange naming a signed prekey or one-time prekey we do not (or no longer) have. */
    public static final class UnknownPreKey extends Omemo2Exception {
        private static final long serialVersionUID = 1L;

        public UnknownPreKey(String message) {
            super(message);
        }
    }

    /** A message whose counter was already used: received twice. XEP-0384 says to ignore these silently. */
    public static class Duplicate extends Omemo2Exception {
        private static final long serialVersionUID = 1L;

        public Duplicate(String message) {
            super(message);
        }
    }

    /** A key exchange that was already used to build a session (its one-time prekey is gone): a replay. */
    public static final class ReplayedKeyExchange extends Duplicate {
        private static final long serialVersionUID = 1L;

        public ReplayedKeyExchange(String message) {
            super(message);
        }
    }

    /** A message that skips more message keys than allowed in one go (denial-of-service protection). */
    public static final class TooManySkipped extends Omemo2Exception {
        private static final long serialVersionUID = 1L;

        public TooManySkipped(String message) {
            super(message);
        }
    }

    /** The HMAC does not match: the message was altered, or it was not encrypted for this session. */
    public static final class AuthenticationFailed extends Omemo2Exception {
        private static final long serialVersionUID = 1L;

        public AuthenticationFailed(String message) {
            super(message);
        }
    }
}
