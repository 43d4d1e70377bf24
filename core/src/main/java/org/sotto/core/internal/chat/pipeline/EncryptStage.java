package org.sotto.core.internal.chat.pipeline;

import org.sotto.core.api.chat.Encryption;

/** Placeholder until OMEMO replaces the stage named "encrypt": sends plaintext and says so. */
final class EncryptStage implements OutboundStage {
    @Override
    public boolean process(OutboundMessage m) {
        m.encryption = Encryption.PLAINTEXT;
        return true;
    }
}
