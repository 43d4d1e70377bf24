package org.sotto.core.api.event;

import org.sotto.core.api.chat.Encryption;

/**
 * A chat's current encryption state changed (devices, trust or the user's plaintext choice): what the next message
 * would be. Also readable as {@code OmemoService.encryptionState(peer)}.
 */
public record ChatEncryptionChanged(String account, String peer, Encryption encryption) implements SottoEvent {
}
