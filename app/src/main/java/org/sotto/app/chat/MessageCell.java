package org.sotto.app.chat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;

import javafx.beans.binding.DoubleExpression;

import javafx.geometry.Pos;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;

import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import org.sotto.app.trust.MessageTrust;
import org.sotto.app.ui.Links;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.chat.UndecryptableReason;

/** Builds the node of one message: a bubble with the sender's name, the styled text, time, status and encryption. */
final class MessageCell {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT);
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM,
            FormatStyle.SHORT);

    private MessageCell() {
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL);

    /** {@code previous}: the message shown above it, if any; a new day gets a separator. */
    static Node create(ChatMessage message, ChatMessage previous, String senderName, String failure,
                       DoubleExpression width) {
        Node row = create(message, senderName, failure, width);
        ZoneId zone = ZoneId.systemDefault();
        LocalDate day = message.timestamp().atZone(zone).toLocalDate();
        if (previous != null && previous.timestamp().atZone(zone).toLocalDate().equals(day)) {
            return row;
        }
        Label separator = new Label(day(day, LocalDate.now(zone)));
        separator.getStyleClass().add("day-separator");
        HBox line = new HBox(separator);
        line.setAlignment(Pos.CENTER);
        line.getStyleClass().add("day-row");
        VBox both = new VBox(line, row);
        both.setMinWidth(0);
        both.setPrefWidth(1);
        return both;
    }

    static String day(LocalDate day, LocalDate today) {
        if (day.equals(today)) {
            return Strings.get("chat.day.today");
        }
        if (day.equals(today.minusDays(1))) {
            return Strings.get("chat.day.yesterday");
        }
        return DAY.format(day);
    }

    static Node create(ChatMessage message, String senderName, String failure, DoubleExpression width) {
        boolean outgoing = message.direction() == Direction.OUTGOING;
        VBox bubble = new VBox(2);
        bubble.getStyleClass().addAll("bubble", outgoing ? "bubble-own" : "bubble-other");
        bubble.maxWidthProperty().bind(width.multiply(0.72));
        bubble.setMinWidth(0);
        if (!outgoing) {
            Label name = new Label(senderName);
            name.getStyleClass().add("sender");
            name.textFillProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                    () -> NameColors.of(message.sender(), Theme.current().get() == Theme.DARK), Theme.current()));
            bubble.getChildren().add(name);
        }
        if (message.encryption() == Encryption.UNDECRYPTABLE) {
            // core keeps why beside the message (its body is empty), never the sender's fallback text
            Label placeholder = new Label(Strings.get("message.undecryptable",
                    message.undecryptable().map(UndecryptableReason::text).orElse("")),
                    new FontIcon(Material2AL.ERROR_OUTLINE));
            placeholder.setWrapText(true);
            placeholder.getStyleClass().add("message-undecryptable");
            bubble.getChildren().add(placeholder);
        } else if (message.retracted()) {
            Label deleted = new Label(Strings.get("message.retracted"));
            deleted.getStyleClass().add("message-retracted");
            bubble.getChildren().add(deleted);
        } else {
            bubble.getChildren().add(new SelectableText(message.body(), runs(message.body())));
        }
        MessageTrust.warning(message).ifPresent(bubble.getChildren()::add);
        HBox meta = new HBox(6);
        meta.setAlignment(Pos.CENTER_RIGHT);
        meta.getStyleClass().add("message-meta");
        Label time = new Label(time(message.timestamp()));
        meta.getChildren().add(time);
        if (message.edited()) {
            meta.getChildren().add(new Label(Strings.get("message.edited")));
        }
        meta.getChildren().add(encryption(message.encryption()));
        if (outgoing) {
            Label status = new Label(Strings.of("message.status", message.status()));
            status.getStyleClass().add("message-status");
            if (message.status() == MessageStatus.FAILED) {
                status.getStyleClass().add("danger");
            }
            meta.getChildren().add(status);
        }
        bubble.getChildren().add(meta);
        if (message.status() == MessageStatus.FAILED && failure != null) {
            Label why = new Label(failure);
            why.setWrapText(true);
            why.getStyleClass().addAll("danger", "message-failure");
            bubble.getChildren().add(why);
        }
        HBox row = new HBox(bubble);
        row.getStyleClass().add("message-row");
        row.setAlignment(outgoing ? Pos.TOP_RIGHT : Pos.TOP_LEFT);
        row.setMinWidth(0);
        row.setPrefWidth(1);
        return row;
    }

    /** The encryption of one message: icon and words together, plaintext in the warning colour. */
    static Label encryption(Encryption encryption) {
        FontIcon icon = new FontIcon(switch (encryption) {
            case E2EE_VERIFIED -> Material2MZ.VERIFIED_USER;
            case E2EE_TRUSTED -> Material2AL.LOCK;
            case E2EE_UNTRUSTED_DEVICES, E2EE_DISTRUSTED -> Material2AL.LOCK_OPEN;
            case DEVICES_UNKNOWN -> Material2AL.HOURGLASS_EMPTY;
            case ENCRYPTION_UNAVAILABLE, PLAINTEXT -> Material2AL.LOCK_OPEN;
            case UNDECRYPTABLE -> Material2AL.ERROR_OUTLINE;
        });
        Label label = new Label(Strings.of("encryption.message", encryption), icon);
        label.getStyleClass().addAll("message-encryption", "encryption-" + encryption.name().toLowerCase());
        return label;
    }

    private static List<Text> runs(String body) {
        List<Text> runs = new ArrayList<>();
        for (MessageStyling.Span span : MessageStyling.parse(body)) {
            Text text = new Text(span.text());
            text.getStyleClass().add("message-run");
            for (MessageStyling.Style style : span.styles()) {
                text.getStyleClass().add("styling-" + style.name().toLowerCase().replace('_', '-'));
            }
            if (span.styles().contains(MessageStyling.Style.LINK)) {
                text.setCursor(javafx.scene.Cursor.HAND);
                text.setAccessibleRole(javafx.scene.AccessibleRole.HYPERLINK);
                text.setOnMouseClicked(e -> {
                    if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY && e.isStillSincePress()) {
                        Links.open(text, span.text());
                        e.consume();
                    }
                });
            }
            runs.add(text);
        }
        return runs;
    }

    private static String time(Instant timestamp) {
        ZoneId zone = ZoneId.systemDefault();
        return timestamp.atZone(zone).toLocalDate().equals(LocalDate.now(zone))
                ? TIME.format(timestamp.atZone(zone)) : DAY_AND_TIME.format(timestamp.atZone(zone));
    }
}
