package org.sotto.app.chat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.DoubleExpression;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.text.Text;

import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Emoji;
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

    private static final double AVATAR = 30;

    private MessageCell() {
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL);

    /** What a message's actions do; the view passes them to the view model (after asking, for a deletion). */
    interface Actions {
        void reply(ChatMessage message);

        void react(ChatMessage message, String emoji);

        void pickReaction(ChatMessage message, Node anchor);

        void retract(ChatMessage message);

        void retry(ChatMessage message);

        void showOriginal(ChatMessage reply);

        /** Puts an own message into the composer to correct it (XEP-0308). */
        void edit(ChatMessage own);
    }

    /**
     * Everything about a message's place in the chat that the message itself does not say.
     *
     * @param previous         the message shown above it, if any: a new day gets a separator, a new sender an avatar
     * @param quoted           the message a reply answers, when it is shown; {@code quotedName} its sender's name
     * @param ownReactions     the user's own reactions to it (shown as chosen; choosing one again takes it back)
     * @param avatar           the sender's picture, if they have one
     * @param unreadMarker     the "new messages" line goes above it
     * @param plaintextWarning a received message in plaintext in a chat that is meant to be encrypted
     * @param file             its file's thumbnail, progress and actions, when it carries one
     */
    record Context(ChatMessage previous, String senderName, String failure, Optional<ChatMessage> quoted,
                   String quotedName, Set<String> ownReactions, Image avatar, boolean unreadMarker, boolean highlighted,
                   boolean plaintextWarning, boolean retried, boolean canReply, boolean canRetract,
                   DoubleExpression width, Actions actions, FileCard.Context file) {
    }

    static Node create(ChatMessage message, Context context) {
        ZoneId zone = ZoneId.systemDefault();
        LocalDate day = message.timestamp().atZone(zone).toLocalDate();
        ChatMessage previous = context.previous();
        boolean newDay = previous == null || !previous.timestamp().atZone(zone).toLocalDate().equals(day);
        boolean newSender = newDay || previous.direction() != message.direction()
                || !previous.sender().equals(message.sender());
        Node row = row(message, context, newSender);
        if (!newDay && !context.unreadMarker()) {
            return row;
        }
        VBox all = new VBox();
        if (newDay) {
            Label separator = new Label(day(day, LocalDate.now(zone)));
            separator.getStyleClass().add("day-separator");
            HBox line = new HBox(separator);
            line.setAlignment(Pos.CENTER);
            line.getStyleClass().add("day-row");
            all.getChildren().add(line);
        }
        if (context.unreadMarker()) {
            Label marker = new Label(Strings.get("chat.unread.marker"));
            marker.setId("unread-marker");
            marker.getStyleClass().add("unread-marker");
            marker.setMinWidth(Region.USE_PREF_SIZE);
            Region left = new Region();
            Region right = new Region();
            left.getStyleClass().add("unread-rule");
            right.getStyleClass().add("unread-rule");
            HBox.setHgrow(left, Priority.ALWAYS);
            HBox.setHgrow(right, Priority.ALWAYS);
            HBox line = new HBox(8, left, marker, right);
            line.setAlignment(Pos.CENTER);
            line.getStyleClass().add("unread-row");
            all.getChildren().add(line);
        }
        all.getChildren().add(row);
        all.setMinWidth(0);
        all.setPrefWidth(1);
        return all;
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

    private static Node row(ChatMessage message, Context context, boolean newSender) {
        boolean outgoing = message.direction() == Direction.OUTGOING;
        VBox bubble = new VBox(2);
        bubble.getStyleClass().addAll("bubble", outgoing ? "bubble-own" : "bubble-other");
        if (context.highlighted()) {
            bubble.getStyleClass().add("bubble-highlighted");
        }
        bubble.maxWidthProperty().bind(context.width().multiply(0.72));
        bubble.setMinWidth(0);
        if (!outgoing && newSender) {
            Label name = new Label(context.senderName());
            name.getStyleClass().add("sender");
            name.textFillProperty().bind(Bindings.createObjectBinding(
                    () -> NameColors.of(message.sender(), Theme.current().get() == Theme.DARK), Theme.current()));
            bubble.getChildren().add(name);
        }
        if (message.replyToId().isPresent() && !message.retracted()) {
            bubble.getChildren().add(quote(message, context));
        }
        SelectableText text = null;
        if (message.encryption() == Encryption.UNDECRYPTABLE) {
            // core keeps why beside the message (its body is empty), never the sender's fallback text
            Label placeholder = new Label(Strings.get("message.undecryptable",
                    message.undecryptable().map(UndecryptableReason::text).orElse("")),
                    new FontIcon(Material2AL.ERROR_OUTLINE));
            placeholder.setWrapText(true);
            placeholder.getStyleClass().add("message-undecryptable");
            Label help = new Label(Strings.get("message.undecryptable.help"));
            help.setWrapText(true);
            help.getStyleClass().addAll("text-small", "text-muted", "message-undecryptable-help");
            bubble.getChildren().addAll(placeholder, help);
        } else if (message.retracted()) {
            Label deleted = new Label(Strings.get("message.retracted"), new FontIcon(Material2AL.BLOCK));
            deleted.getStyleClass().add("message-retracted");
            bubble.getChildren().add(deleted);
        } else if (message.attachment().isPresent() && message.body().isEmpty() && context.file() != null) {
            bubble.getChildren().add(FileCard.create(message, message.attachment().get(), context.file()));
        } else {
            text = new SelectableText(message.body(), runs(message.body()));
            bubble.getChildren().add(text);
        }
        if (context.plaintextWarning()) {
            Label plain = new Label(Strings.get("message.plaintext.warning"), new FontIcon(Material2AL.LOCK_OPEN));
            plain.setWrapText(true);
            plain.getStyleClass().add("message-plaintext-warning");
            Controls.tooltipWhenPointedAt(plain, Strings.get("message.plaintext.warning.more"));
            bubble.getChildren().add(plain);
        }
        MessageTrust.warning(message).ifPresent(bubble.getChildren()::add);
        HBox meta = new HBox(6);
        meta.setAlignment(Pos.CENTER_RIGHT);
        meta.getStyleClass().add("message-meta");
        Label time = new Label(time(message.timestamp()));
        meta.getChildren().add(time);
        if (message.edited() && !message.retracted()) {
            meta.getChildren().add(new Label(Strings.get("message.edited")));
        }
        meta.getChildren().add(encryption(message.encryption()));
        if (outgoing) {
            meta.getChildren().add(status(message.status()));
        }
        bubble.getChildren().add(meta);
        if (message.status() == MessageStatus.FAILED) {
            bubble.getChildren().add(failure(message, context));
        }

        VBox column = new VBox(2, bubble);
        column.setAlignment(outgoing ? Pos.TOP_RIGHT : Pos.TOP_LEFT);
        column.setMinWidth(0);
        if (!message.reactions().isEmpty() && !message.retracted()) {
            column.getChildren().add(reactions(message, context));
        }
        HBox actions = hoverActions();
        HBox row = new HBox(6);
        row.getStyleClass().add("message-row");
        if (outgoing) {
            row.getChildren().addAll(actions, column);
        } else {
            row.getChildren().addAll(avatar(message, context, newSender), column, actions);
        }
        // also while the message or a button of it has the focus, so Tab reaches them from a clicked message
        BooleanBinding shown = row.hoverProperty().or(row.focusWithinProperty());
        actions.visibleProperty().bind(shown);
        // built when first shown: most messages scroll past without ever being pointed at, and three buttons more
        // per message were a large part of styling each new message
        shown.addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> observable, Boolean was, Boolean now) {
                if (now) {
                    shown.removeListener(this);
                    addHoverActions(actions, message, context);
                }
            }
        });
        row.setAlignment(outgoing ? Pos.TOP_RIGHT : Pos.TOP_LEFT);
        row.setMinWidth(0);
        row.setPrefWidth(1);

        // menus are built when first asked for (see SelectableText.menu)
        if (text != null) {
            text.addMenuItems(() -> menuItems(message, context, bubble));
        } else {
            bubble.setOnContextMenuRequested(e -> {
                List<MenuItem> items = menuItems(message, context, bubble);
                if (!items.isEmpty()) {
                    new ContextMenu(items.toArray(MenuItem[]::new)).show(bubble, e.getScreenX(), e.getScreenY());
                }
                e.consume();
            });
        }
        return row;
    }

    /** The answered message, one line of it, under its sender's name; a click goes to it. */
    private static Node quote(ChatMessage reply, Context context) {
        Label who = new Label();
        who.getStyleClass().add("quote-sender");
        Label what = new Label();
        what.getStyleClass().add("quote-text");
        what.setTextOverrun(OverrunStyle.ELLIPSIS);
        if (context.quoted().isPresent()) {
            ChatMessage original = context.quoted().get();
            who.setText(context.quotedName());
            what.setText(preview(original));
        } else {
            what.setText(Strings.get("reply.original.earlier"));
        }
        who.setVisible(!who.getText().isEmpty());
        who.setManaged(who.isVisible());
        VBox box = new VBox(who, what);
        box.getStyleClass().add("message-quote");
        box.setMinWidth(0);
        box.setCursor(Cursor.HAND);
        box.setAccessibleRole(AccessibleRole.BUTTON);
        box.setAccessibleText(Strings.get("reply.quote.accessible", who.getText(), what.getText()));
        Controls.tooltipWhenPointedAt(box, Strings.get("reply.quote.go"));
        box.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                context.actions().showOriginal(reply);
                e.consume();
            }
        });
        return box;
    }

    /** A message in one line: its text, or what stands for it. */
    static String preview(ChatMessage message) {
        if (message.retracted()) {
            return Strings.get("message.retracted");
        }
        if (message.encryption() == Encryption.UNDECRYPTABLE) {
            return Strings.get("encryption.message.UNDECRYPTABLE");
        }
        if (message.attachment().isPresent() && message.body().isEmpty()) {
            return Strings.get("reply.original.file");
        }
        String line = message.body().strip().replaceAll("\\s+", " ");
        return line.length() > 120 ? line.substring(0, 119) + "…" : line;
    }

    /** Pending, sent, delivered, read as an icon (its word in the tooltip and for screen readers); failed in words. */
    static Label status(MessageStatus status) {
        String words = Strings.of("message.status", status);
        Label label = new Label();
        label.getStyleClass().addAll("message-status", "status-" + status.name().toLowerCase());
        label.setGraphic(new FontIcon(switch (status) {
            case PENDING -> Material2AL.ACCESS_TIME;
            case SENT -> Material2AL.DONE;
            case DELIVERED, DISPLAYED -> Material2AL.DONE_ALL;
            case FAILED -> Material2AL.ERROR_OUTLINE;
            case RECEIVED -> Material2AL.CALL_RECEIVED;
        }));
        if (status == MessageStatus.FAILED) {
            label.setText(words);
            label.getStyleClass().add("danger");
        }
        label.setAccessibleText(words);
        Controls.tooltipWhenPointedAt(label, words);
        return label;
    }

    private static Node failure(ChatMessage message, Context context) {
        VBox box = new VBox(4);
        if (context.failure() != null) {
            Label why = new Label(context.failure());
            why.setWrapText(true);
            why.getStyleClass().addAll("danger", "message-failure");
            box.getChildren().add(why);
        }
        if (context.retried()) {
            Label again = new Label(Strings.get("message.retried"));
            again.getStyleClass().addAll("text-small", "text-muted");
            box.getChildren().add(again);
        } else if (!message.body().isBlank() && !message.retracted()) {
            Button retry = new Button(Strings.get("message.retry"), new FontIcon(Material2MZ.REFRESH));
            retry.getStyleClass().addAll("small", "message-retry");
            retry.setOnAction(e -> context.actions().retry(message));
            box.getChildren().add(retry);
        }
        return box;
    }

    /** Each emoji with its count; the user's own are marked, and a click takes one back or adds it. */
    private static Node reactions(ChatMessage message, Context context) {
        FlowPane row = new FlowPane(4, 4);
        row.getStyleClass().add("message-reactions");
        row.setMinWidth(0);
        row.setAlignment(message.direction() == Direction.OUTGOING ? Pos.TOP_RIGHT : Pos.TOP_LEFT);
        row.maxWidthProperty().bind(context.width().multiply(0.72));
        ChatViewModel.reactionCounts(message).forEach((emoji, count) -> {
            ToggleButton chip = Emoji.available()
                    ? new ToggleButton(String.valueOf(count), Emoji.node(emoji, REACTION_PX))
                    : new ToggleButton(emoji + " " + count);
            chip.getProperties().put(Emoji.SOURCE, emoji);
            chip.getStyleClass().addAll("small", "reaction-chip");
            boolean own = context.ownReactions().contains(emoji);
            chip.setSelected(own);
            String name = EmojiPicker.name(emoji);
            String words = own ? Strings.get("reaction.own", emoji, count, name)
                    : Strings.get("reaction.other", emoji, count, name);
            chip.setAccessibleText(words);
            Controls.tooltipWhenPointedAt(chip, words);
            chip.setOnAction(e -> {
                chip.setSelected(own); // the state comes back from core
                context.actions().react(message, emoji);
            });
            row.getChildren().add(chip);
        });
        return row;
    }

    /** Reply, react and more, beside the bubble while the pointer is on the message. */
    private static HBox hoverActions() {
        HBox box = new HBox(2);
        box.getStyleClass().add("message-actions");
        box.setAlignment(Pos.CENTER);
        return box;
    }

    private static void addHoverActions(HBox box, ChatMessage message, Context context) {
        if (context.canReply()) {
            Button reply = Controls.iconButtonWithLateTooltip(Material2MZ.REPLY, Strings.get("message.reply"));
            reply.getStyleClass().addAll("small", "message-reply");
            reply.setOnAction(e -> context.actions().reply(message));
            Button react = Controls.iconButtonWithLateTooltip(Material2MZ.MOOD, Strings.get("message.react"));
            react.getStyleClass().addAll("small", "message-react");
            react.setOnAction(e -> context.actions().pickReaction(message, react));
            box.getChildren().addAll(reply, react);
        }
        if (context.canRetract()) {
            Button delete = Controls.iconButtonWithLateTooltip(Material2AL.DELETE_OUTLINE,
                    Strings.get("message.retract"));
            delete.getStyleClass().addAll("small", "message-delete");
            delete.setOnAction(e -> context.actions().retract(message));
            box.getChildren().add(delete);
        }
    }

    /**
     * The message's actions as one menu for the keyboard (Shift+F10, the menu key or Enter on the selected message):
     * Copy first, then what its context menu holds.
     */
    static ContextMenu keyboardMenu(ChatMessage message, Context context, Node anchor) {
        MenuItem copy = new MenuItem(Strings.get("message.copy"), new FontIcon(Material2AL.CONTENT_COPY));
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(message.body());
            Clipboard.getSystemClipboard().setContent(content);
        });
        copy.setDisable(message.body().isEmpty());
        ContextMenu menu = new ContextMenu(copy);
        List<MenuItem> items = menuItems(message, context, anchor);
        if (!items.isEmpty()) {
            menu.getItems().add(new SeparatorMenuItem());
            menu.getItems().addAll(items);
        }
        menu.setId("message-keyboard-menu");
        return menu;
    }

    private static List<MenuItem> menuItems(ChatMessage message, Context context, Node anchor) {
        List<MenuItem> items = new ArrayList<>();
        if (context.file() != null && !message.retracted()
                && message.attachment().map(file -> file.downloaded()).orElse(false)) {
            MenuItem open = new MenuItem(Strings.get("file.open"), new FontIcon(Material2AL.LAUNCH));
            open.setOnAction(e -> context.file().actions().open(message));
            MenuItem save = new MenuItem(Strings.get("file.saveAs"), new FontIcon(Material2MZ.SAVE_ALT));
            save.setOnAction(e -> context.file().actions().saveAs(message));
            items.add(open);
            items.add(save);
            if (context.canReply() || context.canRetract()) {
                items.add(new SeparatorMenuItem());
            }
        }
        if (context.canReply()) {
            MenuItem reply = new MenuItem(Strings.get("message.reply"), new FontIcon(Material2MZ.REPLY));
            reply.setOnAction(e -> context.actions().reply(message));
            MenuItem react = new MenuItem(Strings.get("message.react"), new FontIcon(Material2MZ.MOOD));
            react.setOnAction(e -> context.actions().pickReaction(message, anchor));
            items.add(reply);
            items.add(react);
        }
        if (message.status() == MessageStatus.FAILED && !context.retried() && !message.body().isBlank()) {
            MenuItem retry = new MenuItem(Strings.get("message.retry"), new FontIcon(Material2MZ.REFRESH));
            retry.setOnAction(e -> context.actions().retry(message));
            items.add(retry);
        }
        if (context.canRetract() && !message.body().isBlank()) {
            MenuItem edit = new MenuItem(Strings.get("message.edit"), new FontIcon(Material2AL.EDIT));
            edit.getStyleClass().add("message-edit");
            edit.setOnAction(e -> context.actions().edit(message));
            items.add(edit);
        }
        if (context.canRetract()) {
            MenuItem delete = new MenuItem(Strings.get("message.retract"), new FontIcon(Material2AL.DELETE_OUTLINE));
            delete.getStyleClass().add("danger");
            delete.setOnAction(e -> context.actions().retract(message));
            if (!items.isEmpty() && !(items.get(items.size() - 1) instanceof SeparatorMenuItem)) {
                items.add(new SeparatorMenuItem());
            }
            items.add(delete);
        }
        return items;
    }

    /**
     * The sender's picture or their initial on their XEP-0392 colour, beside the first of their messages in a row;
     * an empty space of the same width beside the others.
     */
    private static Node avatar(ChatMessage message, Context context, boolean newSender) {
        StackPane box = new StackPane();
        box.getStyleClass().add("message-avatar");
        box.setMinSize(AVATAR, AVATAR);
        box.setPrefSize(AVATAR, AVATAR);
        box.setMaxSize(AVATAR, AVATAR);
        if (!newSender) {
            return box;
        }
        if (context.avatar() != null) {
            ImageView picture = new ImageView(context.avatar());
            picture.setFitWidth(AVATAR);
            picture.setFitHeight(AVATAR);
            picture.setClip(new Circle(AVATAR / 2, AVATAR / 2, AVATAR / 2));
            box.getChildren().add(picture);
        } else {
            Circle circle = new Circle(AVATAR / 2);
            circle.fillProperty().bind(Bindings.createObjectBinding(
                    () -> NameColors.of(message.sender(), Theme.current().get() == Theme.DARK), Theme.current()));
            Label initial = new Label(initial(context.senderName()));
            initial.getStyleClass().add("avatar-initial");
            // the name colours are dark in the light theme and light in the dark one
            initial.textFillProperty().bind(Bindings.createObjectBinding(() -> Theme.current().get() == Theme.DARK
                    ? Color.web("#1c2128") : Color.WHITE, Theme.current()));
            box.getChildren().addAll(circle, initial);
        }
        box.setAccessibleText(context.senderName());
        return box;
    }

    static String initial(String name) {
        String trimmed = name.strip();
        int slash = trimmed.lastIndexOf('/'); // a room occupant: room@service/nick
        if (slash >= 0 && slash < trimmed.length() - 1) {
            trimmed = trimmed.substring(slash + 1);
        }
        if (trimmed.isEmpty()) {
            return "?";
        }
        return new String(Character.toChars(trimmed.codePointAt(0))).toUpperCase(Locale.ROOT);
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

    /** Emoji in message text: pictures this many px high, lowered this much to sit on the text's baseline like glyphs. */
    private static final double EMOJI_PX = 18;
    private static final double EMOJI_DROP = 4;
    private static final double REACTION_PX = 16;

    private static List<Node> runs(String body) {
        List<Node> runs = new ArrayList<>();
        for (MessageStyling.Span span : MessageStyling.parse(body)) {
            boolean link = span.styles().contains(MessageStyling.Style.LINK);
            for (Emoji.Segment segment : link ? List.of(new Emoji.Segment(span.text(), false)) : Emoji.split(span.text())) {
                if (segment.emoji()) {
                    Node emoji = Emoji.node(segment.text(), EMOJI_PX);
                    if (emoji instanceof Text asText) { // the font has no picture for it
                        asText.getStyleClass().add("message-run");
                    } else {
                        emoji.setTranslateY(EMOJI_DROP);
                    }
                    runs.add(emoji);
                    continue;
                }
                Text text = new Text(segment.text());
                text.getStyleClass().add("message-run");
                for (MessageStyling.Style style : span.styles()) {
                    text.getStyleClass().add("styling-" + style.name().toLowerCase().replace('_', '-'));
                }
                if (link) {
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
        }
        return runs;
    }

    private static String time(Instant timestamp) {
        ZoneId zone = ZoneId.systemDefault();
        return timestamp.atZone(zone).toLocalDate().equals(LocalDate.now(zone))
                ? TIME.format(timestamp.atZone(zone)) : DAY_AND_TIME.format(timestamp.atZone(zone));
    }
}
