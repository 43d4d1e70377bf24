package org.sotto.app.chats;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import javafx.geometry.Pos;

import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

import org.sotto.app.contacts.ContactsViewModel;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.ConversationSummary;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.contacts.Availability;
import org.sotto.core.api.contacts.Contact;

/**
 * One entry of the chat list: for a 1:1 chat the contact's presence dot (its words in the tooltip and the accessible
 * text), title, encryption in words, last message, relative time, unread count, pinned.
 */
final class ConversationCell extends ListCell<ConversationSummary> {
    private final Predicate<String> plaintextChosen;
    private final Function<String, Optional<Contact>> contact;

    /**
     * {@code plaintextChosen}: whether the user chose plaintext for a chat (core's PLAINTEXT also means "not known");
     * {@code contact}: the roster entry of a 1:1 chat's peer, for its presence dot.
     */
    ConversationCell(Predicate<String> plaintextChosen, Function<String, Optional<Contact>> contact) {
        this.plaintextChosen = plaintextChosen;
        this.contact = contact;
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT);

    @Override
    protected void updateItem(ConversationSummary item, boolean empty) {
        super.updateItem(item, empty);
        if (empty || item == null) {
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
        if (item.kind() == ChatKind.CHAT) {
            Availability availability = contact.apply(item.peer()).map(Contact::availability).orElse(Availability.OFFLINE);
            presence = Optional.of(ContactsViewModel.presenceText(availability));
            Circle dot = new Circle(4.5);
            dot.getStyleClass().addAll("presence-dot", ContactsViewModel.presenceStyle(availability));
            dot.setAccessibleText(presence.get());
            Tooltip.install(dot, new Tooltip(presence.get()));
            top.getChildren().add(0, dot);
        }
        if (item.encryption() == Encryption.PLAINTEXT && plaintextChosen.test(item.peer())) {
            Label plaintext = new Label(Strings.get("chats.plaintext"));
            plaintext.getStyleClass().addAll("plaintext-tag");
            top.getChildren().add(plaintext);
        }
        if (item.pinned()) {
            FontIcon pin = new FontIcon(Material2MZ.PUSH_PIN);
            pin.getStyleClass().add("conversation-pin");
            top.getChildren().add(pin);
        }
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
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
        if (item.unread() > 0) {
            Label badge = new Label(String.valueOf(item.unread()));
            badge.getStyleClass().add("unread-badge");
            badge.setMinWidth(Region.USE_PREF_SIZE);
            bottom.getChildren().add(badge);
        }
        VBox box = new VBox(2, top, bottom);
        box.getStyleClass().add("conversation");
        box.setMinWidth(0);
        box.setPrefWidth(0);
        setGraphic(box);
        setText(null);
        String accessible = Strings.get("chats.entry.accessible", item.title(),
                Strings.of("encryption.message", item.encryption()), item.unread(), preview.getText());
        setAccessibleText(presence.map(words -> Strings.get("contacts.entry.accessible", accessible, words))
                .orElse(accessible));
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
