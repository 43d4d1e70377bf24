package org.sotto.core.api.event;

/**
 * A known device presented an identity key other than the one on record (a reinstalled client reusing its id, or
 * an attack): the new key was refused, the device gets no messages and its messages are undecryptable
 * ({@code UndecryptableReason.IDENTITY_CHANGED}) until the user decides. Both keys as 8 groups of 8 hex digits.
 */
public record IdentityKeyChanged(String account, String jid, int deviceId, String knownFingerprint,
                                 String presentedFingerprint) implements SottoEvent {
}
