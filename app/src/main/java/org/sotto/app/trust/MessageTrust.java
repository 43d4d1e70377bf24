package org.sotto.app.trust;

import java.util.Optional;

import javafx.scene.control.Label;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

import org.sotto.app.ui.Strings;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;

/** The warning under a received message from a device the user has not decided on or distrusted. */
public final class MessageTrust {
    private MessageTrust() {
    }

    public static Optional<Label> warning(ChatMessage message) {
        return text(message).map(text -> {
            Label label = new Label(text, new FontIcon(Material2MZ.WARNING));
            label.setWrapText(true);
            label.getStyleClass().addAll("danger", "text-small", "message-trust-warning");
            return label;
        });
    }

    static Optional<String> text(ChatMessage message) {
        if (message.direction() != Direction.INCOMING) {
            return Optional.empty();
        }
        String device = message.senderDevice().map(String::valueOf).orElse("?");
        if (message.encryption() == Encryption.E2EE_UNTRUSTED_DEVICES) {
            return Optional.of(Strings.get("trust.message.undecided", device));
        }
        if (message.encryption() == Encryption.E2EE_DISTRUSTED) {
            return Optional.of(Strings.get("trust.message.distrusted", device));
        }
        return Optional.empty();
    }
}
