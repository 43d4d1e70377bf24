package org.sotto.app.contacts;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.kordamp.ikonli.material2.Material2AL;

import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;

/**
 * The details pane of a contact, beside the chat: name (editable), address, groups (editable), who sees whose
 * presence, presence and status, blocked, and the actions. Removing asks first.
 */
public final class ContactDetailsView {
    private final ScrollPane root;
    private final ContactDetailsViewModel model;

    /** {@code onClose} hides the pane. */
    public ContactDetailsView(ContactDetailsViewModel model, Runnable onClose) {
        this.model = model;
        Label heading = new Label();
        heading.setId("details-title");
        heading.getStyleClass().add("title-4");
        heading.setWrapText(true);
        heading.textProperty().bind(model.titleProperty());
        Button close = Controls.iconButton(Material2AL.CLOSE, Strings.get("contacts.details.close"));
        close.setId("details-close");
        close.setOnAction(e -> onClose.run());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(8, heading, grow, close);
        top.setAlignment(Pos.CENTER_LEFT);

        Label address = new Label(model.jid());
        address.setId("details-address");
        address.getStyleClass().add("text-muted");
        address.setWrapText(true);

        Circle dot = new Circle(5);
        dot.getStyleClass().add("presence-dot");
        model.presenceStyleProperty().addListener((obs, old, next) -> {
            dot.getStyleClass().remove(old);
            dot.getStyleClass().add(next);
        });
        dot.getStyleClass().add(model.presenceStyleProperty().get());
        Label presence = new Label();
        presence.setId("details-presence");
        presence.textProperty().bind(Bindings.createStringBinding(() -> model.statusProperty().get().isEmpty()
                ? model.presenceProperty().get()
                : Strings.get("contacts.details.presenceStatus", model.presenceProperty().get(),
                        model.statusProperty().get()), model.presenceProperty(), model.statusProperty()));
        presence.setWrapText(true);
        HBox presenceRow = new HBox(8, dot, presence);
        presenceRow.setAlignment(Pos.CENTER_LEFT);

        Label subscription = new Label();
        subscription.setId("details-subscription");
        subscription.setWrapText(true);
        subscription.textProperty().bind(model.subscriptionProperty());
        Label blockedLabel = new Label(Strings.get("contacts.details.blocked"));
        blockedLabel.setId("details-blocked");
        blockedLabel.getStyleClass().add("danger");
        blockedLabel.setWrapText(true);
        blockedLabel.visibleProperty().bind(model.blockedProperty());
        blockedLabel.managedProperty().bind(blockedLabel.visibleProperty());

        TextField name = new TextField();
        name.setId("details-name");
        name.setPromptText(Strings.get("contacts.name"));
        name.setAccessibleText(Strings.get("contacts.name"));
        name.textProperty().bindBidirectional(model.nameProperty());
        name.setOnAction(e -> model.saveName());
        Button rename = new Button(Strings.get("contacts.details.rename"));
        rename.setId("details-rename");
        rename.setOnAction(e -> model.saveName());
        HBox nameRow = new HBox(6, name, rename);
        HBox.setHgrow(name, Priority.ALWAYS);

        TextField groups = new TextField();
        groups.setId("details-groups");
        groups.setPromptText(Strings.get("contacts.groups"));
        groups.setAccessibleText(Strings.get("contacts.groups"));
        groups.textProperty().bindBidirectional(model.groupsProperty());
        groups.setOnAction(e -> model.saveGroups());
        Button saveGroups = new Button(Strings.get("contacts.details.saveGroups"));
        saveGroups.setId("details-save-groups");
        saveGroups.setOnAction(e -> model.saveGroups());
        HBox groupsRow = new HBox(6, groups, saveGroups);
        HBox.setHgrow(groups, Priority.ALWAYS);
        rename.setMinWidth(Region.USE_PREF_SIZE); // the field gives way, the button keeps its words
        saveGroups.setMinWidth(Region.USE_PREF_SIZE);
        for (HBox row : new HBox[] {nameRow, groupsRow}) {
            row.visibleProperty().bind(model.inRosterProperty());
            row.managedProperty().bind(row.visibleProperty());
        }

        Button add = new Button(Strings.get("contacts.details.add"));
        add.setId("details-add");
        add.getStyleClass().add("accent");
        add.setOnAction(e -> model.addToContacts());
        add.visibleProperty().bind(model.inRosterProperty().not());
        add.managedProperty().bind(add.visibleProperty());
        Button block = new Button();
        block.setId("details-block");
        block.textProperty().bind(Bindings.when(model.blockedProperty())
                .then(Strings.get("contacts.details.unblock")).otherwise(Strings.get("contacts.details.block")));
        block.setOnAction(e -> model.toggleBlocked());
        Button remove = new Button(Strings.get("contacts.details.remove"));
        remove.setId("details-remove");
        remove.getStyleClass().add("danger");
        remove.setOnAction(e -> confirmRemove());
        remove.visibleProperty().bind(model.inRosterProperty());
        remove.managedProperty().bind(remove.visibleProperty());

        Label error = new Label();
        error.setId("details-error");
        error.getStyleClass().add("danger");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        VBox box = new VBox(10, top, address, presenceRow, subscription, blockedLabel, new Separator(),
                caption("contacts.name", name), nameRow, caption("contacts.groups", groups), groupsRow, add,
                new Separator(), new HBox(8, block, remove), error);
        box.setPadding(new Insets(16));
        for (Label label : new Label[] {heading, address, presence, subscription, blockedLabel, error}) {
            label.setMinHeight(Region.USE_PREF_SIZE);
        }
        root = new ScrollPane(box);
        root.setId("contact-details");
        root.setFitToWidth(true);
        root.getStyleClass().addAll("contact-details", "edge-to-edge");
        root.setPrefWidth(300);
        root.setMinWidth(260);
    }

    private static Label caption(String key, javafx.scene.Node field) {
        Label label = new Label(Strings.get(key));
        label.getStyleClass().addAll("text-small", "text-muted");
        label.setLabelFor(field);
        return label;
    }

    private void confirmRemove() {
        ButtonType removeButton = new ButtonType(Strings.get("contacts.remove.confirm"), ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, Strings.get("contacts.remove.text", model.jid()),
                removeButton, ButtonType.CANCEL);
        alert.setTitle(Strings.get("contacts.remove.title"));
        alert.setHeaderText(Strings.get("contacts.remove.title"));
        if (root.getScene() != null) {
            alert.initOwner(root.getScene().getWindow());
            alert.getDialogPane().getStylesheets().setAll(root.getScene().getStylesheets());
        }
        // Cancel is the default: Enter does not remove
        ((Button) alert.getDialogPane().lookupButton(removeButton)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        alert.getDialogPane().lookupButton(removeButton).setId("remove-confirm");
        alert.showAndWait().filter(removeButton::equals).ifPresent(b -> model.remove());
    }

    public Parent root() {
        return root;
    }

    public ContactDetailsViewModel model() {
        return model;
    }
}
