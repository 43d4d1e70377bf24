package org.sotto.app.chats;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

import org.sotto.app.chat.NameColors;
import org.sotto.app.contacts.ContactsViewModel;
import org.sotto.app.trust.KeyChangeWarnings;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.contacts.Availability;
import org.sotto.core.api.contacts.Contact;

/**
 * One entry of the chat list: the contact's picture or coloured initial, for a 1:1 chat of the account in focus the
 * contact's presence dot (its words in the tooltip and the accessible text), title, encryption in words, last message,
 * relative time, unread count, pinned and muted (icons with their words); its context menu mutes and pins.
 */
final class ConversationCell extends ListCell<ChatEntry> {
    static final double AVATAR_SIZE = 36;
    private final BiPredicate<Account, String> plaintextChosen;
    private final ChatAvatars avatars;
    /** Whether the list shows the chats of more than one account: each entry says its account then. */
    private final BooleanSupplier severalAccounts;
    /** A 1:1 chat's contact as the roster has it, when its account's roster is followed (the account in focus). */
    private final Function<ChatEntry, Optional<Contact>> contact;
    /** Unread messages of a room that name the user. */
    private final ToIntFunction<ChatEntry> mentions;
    private final InvalidationListener redraw = obs -> {
        if (getItem() != null) {
            updateItem(getItem(), false);
        }
    };
    private ReadOnlyObjectProperty<Image> watched;

    /** {@code plaintextChosen}: whether the user chose plaintext for a chat (core's PLAINTEXT also means "not known"). */
    ConversationCell(BiPredicate<Account, String> plaintextChosen, ChatAvatars avatars,
                     BooleanSupplier severalAccounts, Function<ChatEntry, Optional<Contact>> contact,
                     ToIntFunction<ChatEntry> mentions, BiConsumer<ChatEntry, Boolean> mute,
                     BiConsumer<ChatEntry, Boolean> pin, Consumer<ChatEntry> export) {
        this.mentions = mentions;
        this.plaintextChosen = plaintextChosen;
        this.avatars = avatars;
        this.severalAccounts = severalAccounts;
        this.contact = contact;
        // built when asked for: a context menu is a popup window, too much to build for every update of the list
        setOnContextMenuRequested(e -> {
            if (getItem() != null) {
                menu(getItem(), mute, pin, export).show(this, e.getScreenX(), e.getScreenY());
            }
            e.consume();
        });
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT);

    @Override
    protected void updateItem(ChatEntry item, boolean empty) {
        super.updateItem(item, empty);
        if (empty || item == null) {
            watch(null);
            setGraphic(null);
            setText(null);
            setAccessibleText(null);
            return;
        }
        Label title = new Label(item.title());
        title.getStyleClass().add("conversation-title");
        title.setMinWidth(0);
        HBox top = new HBox(6, title);
        top.setAlignment(Pos.CENTER_LEFT);
        Optional<String> presence = Optional.empty();
        Optional<Contact> rosterEntry = item.kind() == ChatKind.CHAT ? contact.apply(item) : Optional.empty();
        if (rosterEntry.isPresent()) {
            Availability availability = rosterEntry.get().availability();
            presence = Optional.of(ContactsViewModel.presenceText(availability));
            Circle dot = new Circle(4.5);
            dot.getStyleClass().addAll("presence-dot", ContactsViewModel.presenceStyle(availability));
            dot.setAccessibleText(presence.get());
            Tooltip.install(dot, new Tooltip(presence.get()));
            top.getChildren().add(0, dot);
        }
        if (item.encryption() == Encryption.PLAINTEXT && plaintextChosen.test(item.account(), item.peer())) {
            Label plaintext = new Label(Strings.get("chats.plaintext"));
            plaintext.getStyleClass().addAll("plaintext-tag");
            top.getChildren().add(plaintext);
        }
        boolean keyChanged = KeyChangeWarnings.warned(item.accountJid(), item.peer());
        if (keyChanged) {
            Label warning = new Label(Strings.get("chats.keyChanged"), new FontIcon(Material2MZ.WARNING));
            warning.getStyleClass().addAll("key-changed-tag");
            top.getChildren().add(warning);
        }
        if (item.pinned()) {
            FontIcon pinned = new FontIcon(Material2MZ.PUSH_PIN);
            pinned.getStyleClass().add("conversation-pin");
            pinned.setAccessibleText(Strings.get("chats.pinned"));
            Tooltip.install(pinned, new Tooltip(Strings.get("chats.pinned")));
            top.getChildren().add(pinned);
        }
        if (item.muted()) {
            FontIcon muted = new FontIcon(Material2MZ.NOTIFICATIONS_OFF);
            muted.getStyleClass().add("conversation-muted");
            muted.setAccessibleText(Strings.get("chats.muted"));
            Tooltip.install(muted, new Tooltip(Strings.get("chats.muted")));
            top.getChildren().add(muted);
        }
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        if (severalAccounts.getAsBoolean()) {
            // the account's local part, short beside the title; the whole address in the tooltip
            String jid = item.accountJid();
            Label account = new Label(jid.indexOf('@') > 0 ? jid.substring(0, jid.indexOf('@')) : jid);
            account.getStyleClass().addAll("text-small", "text-muted", "conversation-account");
            account.setTooltip(new Tooltip(jid));
            account.setMinWidth(Region.USE_PREF_SIZE);
            top.getChildren().add(account);
        }
        Label time = new Label(relative(item.newest().timestamp()));
        time.getStyleClass().addAll("text-small", "text-muted");
        time.setMinWidth(Region.USE_PREF_SIZE);
        top.getChildren().addAll(grow, time);

        Label preview = new Label(preview(item.newest()));
        preview.getStyleClass().addAll("conversation-preview", "text-muted");
        preview.setMinWidth(0);
        HBox bottom = new HBox(6, preview);
        bottom.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(preview, Priority.ALWAYS);
        preview.setMaxWidth(Double.MAX_VALUE);
        int mentioned = item.kind() == ChatKind.GROUPCHAT ? Math.min(mentions.applyAsInt(item), item.unread()) : 0;
        if (mentioned > 0) { // how many of the unread messages name the user, apart from the count of all
            Label mention = new Label(Strings.get("rooms.list.mentions", mentioned));
            mention.getStyleClass().add("unread-mention");
            mention.setMinWidth(Region.USE_PREF_SIZE);
            Tooltip.install(mention, new Tooltip(Strings.get("rooms.list.mentions.words", mentioned)));
            bottom.getChildren().add(mention);
        }
        if (item.unread() > 0) {
            Label badge = new Label(String.valueOf(item.unread()));
            badge.getStyleClass().add("unread-badge");
            badge.setMinWidth(Region.USE_PREF_SIZE);
            bottom.getChildren().add(badge);
        }
        VBox box = new VBox(2, top, bottom);
        box.setMinWidth(0);
        box.setPrefWidth(0);
        HBox.setHgrow(box, Priority.ALWAYS);
        HBox row = new HBox(10, avatar(item), box);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("conversation");
        row.setMinWidth(0);
        row.setPrefWidth(0);
        setGraphic(row);
        setText(null);
        String accessible = Strings.get("chats.entry.accessible", item.title(), keyChanged
                ? Strings.get("chats.keyChanged") : Strings.of("encryption.message", item.encryption()),
                item.unread(), preview.getText());
        if (mentioned > 0) {
            accessible = Strings.get("rooms.list.accessible", accessible,
                    Strings.get("rooms.list.mentions.words", mentioned));
        }
        if (item.muted()) {
            accessible = Strings.get("chats.entry.with", accessible, Strings.get("chats.muted"));
        }
        if (item.pinned()) {
            accessible = Strings.get("chats.entry.with", accessible, Strings.get("chats.pinned"));
        }
        String words = accessible;
        setAccessibleText(presence.map(state -> Strings.get("contacts.entry.accessible", words, state))
                .orElse(words));
    }

    /**
     * Mute or unmute, pin or unpin, export the history: the entry's context menu (also Shift+F10 or the menu key on
     * the list).
     */
    static ContextMenu menu(ChatEntry item, BiConsumer<ChatEntry, Boolean> mute, BiConsumer<ChatEntry, Boolean> pin,
                            Consumer<ChatEntry> export) {
        MenuItem muting = new MenuItem(item.muted() ? Strings.get("chats.unmute") : Strings.get("chats.mute"),
                new FontIcon(item.muted() ? Material2MZ.NOTIFICATIONS : Material2MZ.NOTIFICATIONS_OFF));
        muting.setId("chat-mute");
        muting.setOnAction(e -> mute.accept(item, !item.muted()));
        MenuItem pinning = new MenuItem(item.pinned() ? Strings.get("chats.unpin") : Strings.get("chats.pin"),
                new FontIcon(Material2MZ.PUSH_PIN));
        pinning.setId("chat-pin");
        pinning.setOnAction(e -> pin.accept(item, !item.pinned()));
        MenuItem exporting = new MenuItem(Strings.get("chats.export"), new FontIcon(Material2MZ.SAVE_ALT));
        exporting.setId("chat-export");
        exporting.setOnAction(e -> export.accept(item));
        return new ContextMenu(muting, pinning, new SeparatorMenuItem(), exporting);
    }

    /** The contact's picture in a circle, else a circle in the name's XEP-0392 colour with its initial. */
    private Node avatar(ChatEntry item) {
        StackPane avatar = new StackPane();
        avatar.getStyleClass().add("conversation-avatar");
        avatar.setMinSize(AVATAR_SIZE, AVATAR_SIZE);
        avatar.setMaxSize(AVATAR_SIZE, AVATAR_SIZE);
        Image picture = avatars.image(item.account(), item.peer()).get();
        if (picture != null) {
            ImageView view = new ImageView(picture);
            view.setFitWidth(AVATAR_SIZE);
            view.setFitHeight(AVATAR_SIZE);
            view.setPreserveRatio(false);
            view.setClip(new Circle(AVATAR_SIZE / 2, AVATAR_SIZE / 2, AVATAR_SIZE / 2));
            avatar.getChildren().add(view);
        } else {
            Circle circle = new Circle(AVATAR_SIZE / 2, NameColors.of(item.peer(), Theme.current().get() == Theme.DARK));
            Label initial = new Label(ChatAvatars.initial(item.title()));
            initial.getStyleClass().add("conversation-initial");
            avatar.getChildren().addAll(circle, initial);
        }
        watch(avatars.image(item.account(), item.peer()));
        return avatar;
    }

    /** The picture may come later (fetched, or changed): the cell draws itself again then. */
    private void watch(ReadOnlyObjectProperty<Image> image) {
        if (watched != image) {
            if (watched != null) {
                watched.removeListener(redraw);
            }
            watched = image;
            if (image != null) {
                image.addListener(redraw);
            }
        }
    }

    private static String preview(ChatMessage newest) {
        String body;
        if (newest.retracted()) {
            body = Strings.get("message.retracted");
        } else if (newest.encryption() == Encryption.UNDECRYPTABLE) {
            body = Strings.get("chats.preview.undecryptable");
        } else {
            body = newest.body().replace('\n', ' ');
        }
        if (newest.kind() == ChatKind.GROUPCHAT && newest.direction() == Direction.INCOMING
                && newest.sender().indexOf('/') > 0) { // who wrote it: the nickname
            return Strings.get("rooms.list.preview", newest.sender().substring(newest.sender().indexOf('/') + 1), body);
        }
        return newest.direction() == Direction.OUTGOING ? Strings.get("chats.preview.own", body) : body;
    }

    static String relative(Instant when) {
        Duration ago = Duration.between(when, Instant.now());
        if (ago.toMinutes() < 1) {
            return Strings.get("time.now");
        }
        if (ago.toMinutes() < 60) {
            return Strings.get("time.minutes", ago.toMinutes());
        }
        ZoneId zone = ZoneId.systemDefault();
        LocalDate day = when.atZone(zone).toLocalDate();
        return day.equals(LocalDate.now(zone)) ? TIME.format(when.atZone(zone)) : DATE.format(day);
    }
}
