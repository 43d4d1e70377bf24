package org.sotto.core.internal.chat.pipeline;

import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.UndecryptableReason;
import org.sotto.core.internal.xmpp.MessageBodies;

/**
 * Placeholder until OMEMO is wired in (its own issue replaces this stage by name, "decrypt"): plaintext passes,
 * an OMEMO-encrypted message is kept as {@link Encryption#UNDECRYPTABLE} (UNSUPPORTED_VERSION) with an empty body instead of showing
 * its fallback text as if it were the message.
 */
final class DecryptStage implements InboundStage {
    static final String OMEMO_LEGACY = "eu.siacs.conversations.axolotl";
    static final String OMEMO_2 = "urn:xmpp:omemo:2";

    @Override
    public boolean process(InboundMessage m) {
        boolean encrypted = m.message.hasExtension("encrypted", OMEMO_LEGACY) || m.message.hasExtension("encrypted", OMEMO_2);
        if (encrypted) {
            m.undecryptable(UndecryptableReason.UNSUPPORTED_VERSION); // this device speaks no OMEMO
        } else {
            m.encryption = Encryption.PLAINTEXT;
            String text = MessageBodies.text(m.message);
            if (text != null) {
                m.decrypted(Encryption.PLAINTEXT, text);
            }
        }
        return true;
    }
}
