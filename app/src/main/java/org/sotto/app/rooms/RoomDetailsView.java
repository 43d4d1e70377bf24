package org.sotto.app.rooms;

import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.stage.Window;

import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import org.sotto.app.chat.NameColors;
import org.sotto.app.contacts.ContactsViewModel;
import org.sotto.app.trust.TrustDialog;
import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.core.api.room.Occupant;

/**
 * The pane beside a room's chat: its address, the user's nickname, subject, bookmark, invite, leave or join again,
 * and who is in the room with role and presence in words; a member whose real address the room shows has a button
 * to their devices (the trust dialog).
 */
public final class RoomDetailsView {
    private final RoomDetailsViewModel model;
    private final ScrollPane root;
    private final VBox occupantsBox = new VBox(2);
    /** The nicknames' colours are per theme: drawn again when it changes (held here, weakly by the theme). */
    private final InvalidationListener themeChanged = obs -> drawOccupants();

    public RoomDetailsView(RoomDetailsViewModel model, Runnable onClose) {
        this.model = model;
        Label heading = new Label(model.title());
        heading.getStyleClass().add("title-4");
        heading.setWrapText(true);
        Button close = Controls.iconButton(Material2AL.CLOSE, Strings.get("rooms.details.close"));
        close.setId("room-details-close");
        close.setOnAction(e -> onClose.run());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(8, heading, grow, close);
        top.setAlignment(Pos.CENTER_LEFT);

        Label address = new Label(model.room());
        address.setId("room-details-address");
        address.getStyleClass().add("text-muted");
        address.setWrapText(true);
        Label notIn = new Label(Strings.get("rooms.details.notIn"));
        notIn.setId("room-details-not-in");
        notIn.getStyleClass().add("warning");
        notIn.setWrapText(true);
        notIn.visibleProperty().bind(model.inRoomProperty().not());
        notIn.managedProperty().bind(notIn.visibleProperty());

        TextField nickname = new TextField();
        nickname.setId("room-nickname");
        nickname.setAccessibleText(Strings.get("rooms.nickname"));
        nickname.textProperty().bindBidirectional(model.nicknameProperty());
        nickname.setOnAction(e -> model.saveNickname());
        Button rename = new Button(Strings.get("rooms.details.nicknameChange"));
        rename.setId("room-nickname-change");
        rename.setOnAction(e -> model.saveNickname());
        rename.visibleProperty().bind(model.inRoomProperty());
        rename.managedProperty().bind(rename.visibleProperty());
        HBox nicknameRow = row(nickname, rename);

        TextField subject = new TextField();
        subject.setId("room-subject");
        subject.setAccessibleText(Strings.get("rooms.subject"));
        subject.textProperty().bindBidirectional(model.subjectProperty());
        subject.setOnAction(e -> model.saveSubject());
        Button setSubject = new Button(Strings.get("rooms.details.subjectChange"));
        setSubject.setId("room-subject-change");
        setSubject.setOnAction(e -> model.saveSubject());
        HBox subjectRow = row(subject, setSubject);
        subjectRow.disableProperty().bind(model.inRoomProperty().not());

        CheckBox bookmark = new CheckBox(Strings.get("rooms.details.bookmark"));
        bookmark.setId("room-bookmark");
        CheckBox autojoin = new CheckBox(Strings.get("rooms.details.autojoin"));
        autojoin.setId("room-autojoin");
        bookmark.setSelected(model.bookmarkedProperty().get());
        autojoin.setSelected(model.autojoinProperty().get());
        model.bookmarkedProperty().addListener((obs, old, next) -> bookmark.setSelected(next));
        model.autojoinProperty().addListener((obs, old, next) -> autojoin.setSelected(next));
        bookmark.setOnAction(e -> model.saveBookmark(bookmark.isSelected(), bookmark.isSelected() && autojoin.isSelected()));
        autojoin.setOnAction(e -> model.saveBookmark(true, autojoin.isSelected()));
        autojoin.disableProperty().bind(model.bookmarkedProperty().not());

        TextField invitee = new TextField();
        invitee.setId("room-invitee");
        invitee.setPromptText(Strings.get("rooms.details.invitePrompt"));
        invitee.setAccessibleText(Strings.get("rooms.details.invitePrompt"));
        invitee.textProperty().bindBidirectional(model.inviteeProperty());
        invitee.setOnAction(e -> model.invite());
        Button invite = new Button(Strings.get("rooms.details.invite"));
        invite.setId("room-invite");
        invite.setOnAction(e -> model.invite());
        HBox inviteRow = row(invitee, invite);
        inviteRow.disableProperty().bind(model.inRoomProperty().not());

        Button leave = new Button(Strings.get("rooms.details.leave"));
        leave.setId("room-leave");
        leave.getStyleClass().add("danger");
        leave.setOnAction(e -> model.leave());
        leave.visibleProperty().bind(model.inRoomProperty());
        leave.managedProperty().bind(leave.visibleProperty());
        Button rejoin = new Button(Strings.get("rooms.details.rejoin"));
        rejoin.setId("room-rejoin");
        rejoin.getStyleClass().add("accent");
        rejoin.setOnAction(e -> model.rejoin());
        rejoin.visibleProperty().bind(model.inRoomProperty().not());
        rejoin.managedProperty().bind(rejoin.visibleProperty());
        for (Button button : new Button[] {leave, rejoin}) {
            button.disableProperty().bind(model.busyProperty());
        }

        Label error = new Label();
        error.setId("room-details-error");
        error.getStyleClass().add("danger");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        Label info = new Label();
        info.setId("room-details-info");
        info.getStyleClass().add("success");
        info.setWrapText(true);
        info.textProperty().bind(model.infoProperty());
        info.visibleProperty().bind(model.infoProperty().isNotEmpty());
        info.managedProperty().bind(info.visibleProperty());

        Label occupantsHeading = new Label();
        occupantsHeading.getStyleClass().add("title-4");
        occupantsHeading.textProperty().bind(Bindings.createStringBinding(() -> Strings.get("rooms.details.occupants",
                model.occupants().size()), model.occupants()));
        occupantsBox.setId("room-occupants");
        model.occupants().addListener((ListChangeListener<Occupant>) change -> drawOccupants());
        drawOccupants();
        Theme.current().addListener(new WeakInvalidationListener(themeChanged));

        VBox box = new VBox(10, top, address, notIn, error, info, new Separator(),
                caption("rooms.nickname", nickname), nicknameRow, caption("rooms.subject", subject), subjectRow,
                bookmark, autojoin, caption("rooms.details.invitePrompt", invitee), inviteRow,
                new HBox(8, leave, rejoin), new Separator(), occupantsHeading, occupantsBox);
        box.setPadding(new Insets(16));
        for (Label label : new Label[] {heading, address, notIn, error, info}) {
            label.setMinHeight(Region.USE_PREF_SIZE);
        }
        root = new ScrollPane(box);
        root.setId("room-details");
        root.setFitToWidth(true);
        root.getStyleClass().addAll("room-details", "edge-to-edge");
        root.setPrefWidth(310);
        root.setMinWidth(270);
    }

    private static HBox row(TextField field, Button button) {
        button.setMinWidth(Region.USE_PREF_SIZE); // the field gives way, the button keeps its words
        HBox row = new HBox(6, field, button);
        HBox.setHgrow(field, Priority.ALWAYS);
        return row;
    }

    /** One line per occupant: a presence dot, the nickname in its colour, role and presence in words, devices. */
    private void drawOccupants() {
        occupantsBox.getChildren().clear();
        boolean dark = Theme.current().get() == Theme.DARK;
        for (Occupant occupant : model.occupants()) {
            Circle dot = new Circle(4.5);
            dot.getStyleClass().addAll("presence-dot", ContactsViewModel.presenceStyle(occupant.presence()));
            Label name = new Label(occupant.nickname());
            name.getStyleClass().add("occupant-name");
            name.setTextFill(NameColors.of(occupant.nickname(), dark));
            name.setMinWidth(0);
            Label words = new Label(RoomDetailsViewModel.describe(occupant));
            words.getStyleClass().addAll("text-small", "text-muted");
            words.setWrapText(true);
            words.setMinHeight(Region.USE_PREF_SIZE);
            VBox text = new VBox(1, name, words);
            occupant.jid().ifPresent(jid -> {
                Label address = new Label(jid);
                address.getStyleClass().addAll("text-small", "text-muted");
                address.setMinWidth(0);
                text.getChildren().add(1, address);
            });
            HBox.setHgrow(text, Priority.ALWAYS);
            HBox line = new HBox(8, dot, text);
            line.setAlignment(Pos.CENTER_LEFT);
            line.getStyleClass().add("occupant");
            line.setAccessibleText(Strings.get("rooms.occupant.accessible", occupant.nickname(),
                    RoomDetailsViewModel.describe(occupant)));
            if (RoomDetailsViewModel.hasDevices(occupant)) {
                Button devices = Controls.iconButton(Material2MZ.SECURITY,
                        Strings.get("rooms.occupant.devices", occupant.nickname()));
                devices.getStyleClass().add("occupant-devices");
                devices.setOnAction(e -> TrustDialog.show(model.trust(occupant).orElseThrow(), window()));
                line.getChildren().add(devices);
            }
            occupantsBox.getChildren().add(line);
        }
    }

    private static Label caption(String key, Node field) {
        Label label = new Label(Strings.get(key));
        label.getStyleClass().addAll("text-small", "text-muted");
        label.setLabelFor(field);
        return label;
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    public Parent root() {
        return root;
    }

    public RoomDetailsViewModel model() {
        return model;
    }
}
