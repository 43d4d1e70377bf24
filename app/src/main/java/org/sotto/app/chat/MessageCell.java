package org.sotto.app.chat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.DoubleExpression;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
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

import org.sotto.app.trust.MessageTrust;
import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Emoji;
import org.sotto.app.ui.Links;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.chat.UndecryptableReason;

/**
 * The node of one message: a bubble with the sender's name, the styled text, time, status and encryption. One
 * instance is one cell of the history, shown again for other messages as the history scrolls ({@link #show}).
 */
final class MessageCell {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT);
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM,
            FormatStyle.SHORT);

    private static final double AVATAR = 30;

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

    static String day(LocalDate day, LocalDate today) {
        if (day.equals(today)) {
            return Strings.get("chat.day.today");
        }
        if (day.equals(today.minusDays(1))) {
            return Strings.get("chat.day.yesterday");
        }
        return DAY.format(day);
    }

    /** One message's node, built once (tests, benchmarks, and what does not scroll). */
    static Node create(ChatMessage message, Context context) {
        return new MessageCell().show(message, context);
    }

    // ------------------------------------------------------------------------------ one cell, reused while scrolling

    /*
     * Flowless hands a cell that scrolled out to the next message that scrolls in: the parts every message has (row,
     * bubble, text, time, encryption, status) stay and only change their content, which costs neither new nodes nor
     * CSS selector matching; the parts few messages have (day line, quote, warnings, failure, reactions, files) are
     * made for the message that has them. Parts are added and removed one by one, so the ones that stay keep their
     * parent and their styles.
     */
    private final VBox root = new VBox();
    private final HBox row = new HBox(6);
    private final StackPane avatarBox = new StackPane();
    private final VBox column = new VBox(2);
    private final VBox bubble = new VBox(2);
    private final HBox meta = new HBox(6);
    private final Label time = new Label();
    private final HBox actionsBefore = hoverActions();
    private final HBox actionsAfter = hoverActions();
    private final StringProperty sender = new SimpleStringProperty("");
    private final Map<Encryption, Label> encryptionLabels = new EnumMap<>(Encryption.class);
    private final Map<MessageStatus, Label> statusLabels = new EnumMap<>(MessageStatus.class);
    private Label name;
    private Label edited;
    private Label dayLabel;
    private HBox dayRow;
    private HBox unreadRow;
    private SelectableText text;
    private Node plaintextWarning;
    private Node initialAvatar;
    private Label initialLabel;
    private ChatMessage message;
    private Context context;
    private boolean actionsBuilt;

    MessageCell() {
        root.setMinWidth(0);
        root.setPrefWidth(1);
        bubble.getStyleClass().add("bubble");
        bubble.setMinWidth(0);
        meta.setAlignment(Pos.CENTER_RIGHT);
        meta.getStyleClass().add("message-meta");
        column.setMinWidth(0);
        avatarBox.getStyleClass().add("message-avatar");
        avatarBox.setMinSize(AVATAR, AVATAR);
        avatarBox.setPrefSize(AVATAR, AVATAR);
        avatarBox.setMaxSize(AVATAR, AVATAR);
        row.getStyleClass().add("message-row");
        row.setMinWidth(0);
        row.setPrefWidth(1);
        row.getChildren().addAll(actionsBefore, avatarBox, column, actionsAfter);
        column.getChildren().add(bubble);
        root.getChildren().add(row);
        // also while the message or a button of it has the focus, so Tab reaches them from a clicked message
        BooleanBinding shown = row.hoverProperty().or(row.focusWithinProperty());
        actionsBefore.visibleProperty().bind(shown);
        actionsAfter.visibleProperty().bind(shown);
        // built when first shown: most messages scroll past without ever being pointed at, and three buttons more
        // per message were a large part of styling each new message
        shown.addListener((obs, was, now) -> {
            if (now) {
                buildHoverActions();
            }
        });
        bubble.setOnContextMenuRequested(e -> {
            if (text != null && bubble.getChildren().contains(text)) {
                return; // the text's own menu has these items after Copy
            }
            List<MenuItem> items = menuItems(message, context, bubble);
            if (!items.isEmpty()) {
                new ContextMenu(items.toArray(MenuItem[]::new)).show(bubble, e.getScreenX(), e.getScreenY());
            }
            e.consume();
        });
    }

    /** The cell's node. */
    Node node() {
        return root;
    }

    /** The bubble of the message shown (marks for mentions go on it). */
    Node bubble() {
        return bubble;
    }

    /** Shows {@code message} in this cell, replacing what it showed; returns the cell's node. */
    Node show(ChatMessage message, Context context) {
        this.message = message;
        this.context = context;
        ZoneId zone = ZoneId.systemDefault();
        LocalDate day = message.timestamp().atZone(zone).toLocalDate();
        ChatMessage previous = context.previous();
        boolean newDay = previous == null || !previous.timestamp().atZone(zone).toLocalDate().equals(day);
        boolean newSender = newDay || previous.direction() != message.direction()
                || !previous.sender().equals(message.sender());
        List<Node> lines = new ArrayList<>(3);
        if (newDay) {
            dayLabel().setText(day(day, LocalDate.now(zone)));
            lines.add(dayRow);
        }
        if (context.unreadMarker()) {
            lines.add(unreadRow());
        }
        lines.add(row);
        sync(root.getChildren(), lines);
        showRow(newSender);
        return root;
    }

    private void showRow(boolean newSender) {
        boolean outgoing = message.direction() == Direction.OUTGOING;
        toggle(bubble, "bubble-own", outgoing);
        toggle(bubble, "bubble-other", !outgoing);
        toggle(bubble, "bubble-highlighted", context.highlighted());
        if (!bubble.maxWidthProperty().isBound()) {
            bubble.maxWidthProperty().bind(context.width().multiply(0.72));
        }
        sender.set(message.sender());
        List<Node> parts = new ArrayList<>();
        if (!outgoing && newSender) {
            name().setText(context.senderName());
            parts.add(name);
        }
        if (message.replyToId().isPresent() && !message.retracted()) {
            parts.add(quote(message, context));
        }
        parts.add(content());
        if (context.plaintextWarning()) {
            parts.add(plaintextWarning());
        }
        MessageTrust.warning(message).ifPresent(parts::add);
        parts.add(meta);
        if (message.status() == MessageStatus.FAILED) {
            parts.add(failure(message, context));
        }
        sync(bubble.getChildren(), parts);

        List<Node> metaParts = new ArrayList<>(4);
        time.setText(time(message.timestamp()));
        metaParts.add(time);
        if (message.edited() && !message.retracted()) {
            metaParts.add(edited());
        }
        metaParts.add(encryptionLabels.computeIfAbsent(message.encryption(), MessageCell::encryption));
        if (outgoing) {
            metaParts.add(statusLabels.computeIfAbsent(message.status(), MessageCell::status));
        }
        sync(meta.getChildren(), metaParts);

        column.setAlignment(outgoing ? Pos.TOP_RIGHT : Pos.TOP_LEFT);
        List<Node> columnParts = new ArrayList<>(2);
        columnParts.add(bubble);
        if (!message.reactions().isEmpty() && !message.retracted()) {
            columnParts.add(reactions(message, context));
        }
        sync(column.getChildren(), columnParts);

        avatar(newSender);
        List<Node> rowParts = outgoing ? List.of(actionsBefore, column) : List.of(avatarBox, column, actionsAfter);
        sync(row.getChildren(), rowParts);
        row.setAlignment(outgoing ? Pos.TOP_RIGHT : Pos.TOP_LEFT);

        actionsBefore.getChildren().clear();
        actionsAfter.getChildren().clear();
        actionsBuilt = false;
        if (actionsBefore.isVisible()) { // pointed at while it changed
            buildHoverActions();
        }
    }

    /** The message's text, or what stands for it (undecryptable, deleted, a file). */
    private Node content() {
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
            return new VBox(2, placeholder, help);
        }
        if (message.retracted()) {
            Label deleted = new Label(Strings.get("message.retracted"), new FontIcon(Material2AL.BLOCK));
            deleted.getStyleClass().add("message-retracted");
            return deleted;
        }
        if (message.attachment().isPresent() && message.body().isEmpty() && context.file() != null) {
            return FileCard.create(message, message.attachment().get(), context.file());
        }
        if (text == null) {
            text = new SelectableText(message.body(), runs(message.body()));
            // menus are built when first asked for (see SelectableText.menu)
            text.addMenuItems(() -> menuItems(message, context, bubble));
        } else {
            text.setContent(message.body(), runs(message.body()));
        }
        return text;
    }

    private void buildHoverActions() {
        if (!actionsBuilt && message != null) {
            actionsBuilt = true;
            addHoverActions(message.direction() == Direction.OUTGOING ? actionsBefore : actionsAfter, message, context);
        }
    }

    private Label name() {
        if (name == null) {
            name = new Label();
            name.getStyleClass().add("sender");
            name.textFillProperty().bind(Bindings.createObjectBinding(
                    () -> NameColors.of(sender.get(), Theme.current().get() == Theme.DARK), Theme.current(), sender));
        }
        return name;
    }

    private Label edited() {
        if (edited == null) {
            edited = new Label(Strings.get("message.edited"));
        }
        return edited;
    }

    private Node plaintextWarning() {
        if (plaintextWarning == null) {
            Label plain = new Label(Strings.get("message.plaintext.warning"), new FontIcon(Material2AL.LOCK_OPEN));
            plain.setWrapText(true);
            plain.getStyleClass().add("message-plaintext-warning");
            Controls.tooltipWhenPointedAt(plain, Strings.get("message.plaintext.warning.more"));
            plaintextWarning = plain;
        }
        return plaintextWarning;
    }

    private Label dayLabel() {
        if (dayRow == null) {
            dayLabel = new Label();
            dayLabel.getStyleClass().add("day-separator");
            dayRow = new HBox(dayLabel);
            dayRow.setAlignment(Pos.CENTER);
            dayRow.getStyleClass().add("day-row");
        }
        return dayLabel;
    }

    private HBox unreadRow() {
        if (unreadRow == null) {
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
            unreadRow = new HBox(8, left, marker, right);
            unreadRow.setAlignment(Pos.CENTER);
            unreadRow.getStyleClass().add("unread-row");
        }
        return unreadRow;
    }

    /**
     * The sender's picture or their initial on their XEP-0392 colour, beside the first of their messages in a row;
     * an empty space of the same width beside the others.
     */
    private void avatar(boolean newSender) {
        List<Node> parts = new ArrayList<>(1);
        if (newSender && message.direction() == Direction.INCOMING) {
            if (context.avatar() != null) {
                ImageView picture = new ImageView(context.avatar());
                picture.setFitWidth(AVATAR);
                picture.setFitHeight(AVATAR);
                picture.setClip(new Circle(AVATAR / 2, AVATAR / 2, AVATAR / 2));
                parts.add(picture);
            } else {
                parts.add(initialAvatar());
                initialLabel.setText(initial(context.senderName()));
            }
            avatarBox.setAccessibleText(context.senderName());
        } else {
            avatarBox.setAccessibleText(null);
        }
        sync(avatarBox.getChildren(), parts);
    }

    private Node initialAvatar() {
        if (initialAvatar == null) {
            Circle circle = new Circle(AVATAR / 2);
            circle.fillProperty().bind(Bindings.createObjectBinding(
                    () -> NameColors.of(sender.get(), Theme.current().get() == Theme.DARK), Theme.current(), sender));
            initialLabel = new Label();
            initialLabel.getStyleClass().add("avatar-initial");
            // the name colours are dark in the light theme and light in the dark one
            initialLabel.textFillProperty().bind(Bindings.createObjectBinding(() -> Theme.current().get() == Theme.DARK
                    ? Color.web("#1c2128") : Color.WHITE, Theme.current()));
            initialAvatar = new StackPane(circle, initialLabel);
        }
        return initialAvatar;
    }

    /** Adds or removes a style class only when it changes (each change restyles the node). */
    static void toggle(Node node, String styleClass, boolean on) {
        boolean has = node.getStyleClass().contains(styleClass);
        if (on && !has) {
            node.getStyleClass().add(styleClass);
        } else if (!on && has) {
            node.getStyleClass().remove(styleClass);
        }
    }

    /**
     * Makes {@code children} the nodes {@code wanted}, in that order, removing and adding only those that change:
     * a node that stays keeps its parent, and so its styles (a node added again is styled anew).
     */
    static void sync(List<Node> children, List<Node> wanted) {
        if (children.equals(wanted)) {
            return;
        }
        children.removeIf(node -> !wanted.contains(node));
        for (int i = 0; i < wanted.size(); i++) {
            if (i >= children.size() || children.get(i) != wanted.get(i)) {
                children.add(i, wanted.get(i));
            }
        }
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
