package org.sotto.core.chat.pipeline;

import java.util.Optional;

import org.sotto.core.chat.Encryption;

/**
 * Placeholder until OMEMO is wired in (its own issue replaces this stage by name, "decrypt"): plaintext passes,
 * an OMEMO-encrypted message is kept as {@link Encryption#UNDECRYPTABLE} with an empty body instead of showing
 * its fallback text as if it were the message.
 */
final class DecryptStage implements InboundStage {
    static final String OMEMO_LEGACY = "eu.siacs.conversations.axolotl";
    static final String OMEMO_2 = "urn:xmpp:omemo:2";

    @Override
    public boolean process(InboundMessage m) {
        boolean encrypted = m.message.hasExtension("encrypted", OMEMO_LEGACY) || m.message.hasExtension("encrypted", OMEMO_2);
        if (encrypted) {
            m.encryption = Encryption.UNDECRYPTABLE;
            m.body = Optional.of("");
        } else {
            m.encryption = Encryption.PLAINTEXT;
            m.body = Optional.ofNullable(m.message.getBody());
        }
        return true;
    }
}
