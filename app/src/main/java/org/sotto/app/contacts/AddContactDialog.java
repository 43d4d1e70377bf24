package org.sotto.app.contacts;

import java.util.Optional;

import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import org.sotto.app.ui.Strings;

/**
 * Adds a contact: address (checked before anything is sent, with the reason in words), optional name and groups.
 * The dialog stays open with everything typed until core has added the contact, so a refusal loses nothing.
 */
public final class AddContactDialog {
    private final Dialog<Void> dialog = new Dialog<>();
    private final TextField address = new TextField();
    private final TextField name = new TextField();
    private final TextField groups = new TextField();
    private final Label error = new Label();

    public AddContactDialog(ContactsViewModel model, Window owner, String initialAddress) {
        dialog.setTitle(Strings.get("contacts.add.title"));
        dialog.setHeaderText(Strings.get("contacts.add.explanation"));
        if (owner != null) {
            dialog.initOwner(owner);
            if (owner.getScene() != null) {
                dialog.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
                dialog.getDialogPane().getStyleClass().addAll(owner.getScene().getRoot().getStyleClass().stream()
                        .filter(c -> c.startsWith("theme-")).toList());
            }
        }
        address.setId("add-contact-address");
        address.setAccessibleText(Strings.get("contacts.address"));
        address.setText(initialAddress);
        address.textProperty().addListener((obs, old, next) -> error.setText(""));
        name.setId("add-contact-name");
        name.setAccessibleText(Strings.get("contacts.name.optional"));
        groups.setId("add-contact-groups");
        groups.setAccessibleText(Strings.get("contacts.groups.optional"));
        error.setId("add-contact-error");
        error.getStyleClass().add("danger");
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.visibleProperty().bind(error.textProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        error.textProperty().addListener((obs, old, next) -> {
            if (dialog.getDialogPane().getScene() != null) {
                dialog.getDialogPane().getScene().getWindow().sizeToScene(); // room for the sentence and the buttons
            }
        });
        VBox content = new VBox(10, caption("contacts.address", address), address, caption("contacts.name.optional", name),
                name, caption("contacts.groups.optional", groups), groups, error);
        content.setPrefWidth(420);
        dialog.getDialogPane().setContent(content);

        ButtonType add = new ButtonType(Strings.get("contacts.add.confirm"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(add, ButtonType.CANCEL);
        Button addButton = (Button) dialog.getDialogPane().lookupButton(add);
        addButton.setId("add-contact-confirm");
        addButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // closes only once core added the contact
            Optional<String> invalid = ContactsViewModel.addressError(address.getText());
            if (invalid.isPresent()) {
                error.setText(invalid.get());
                address.requestFocus();
                return;
            }
            addButton.setDisable(true);
            model.add(address.getText(), name.getText(), groups.getText()).whenComplete((ok, failure) -> {
                addButton.setDisable(false); // the view model completes on the JavaFX thread
                if (failure == null) {
                    dialog.setResult(null);
                    dialog.close();
                } else {
                    error.setText(failure instanceof IllegalArgumentException ? failure.getMessage()
                            : model.errorProperty().get());
                    model.clearError(); // said here, not twice
                }
            });
        });
    }

    private static Label caption(String key, Node field) {
        Label label = new Label(Strings.get(key));
        label.getStyleClass().addAll("text-small", "text-muted");
        label.setLabelFor(field);
        return label;
    }

    /** Shows the dialog (not waiting for it). */
    public void show() {
        dialog.show();
        address.requestFocus();
    }

    public Dialog<Void> dialog() {
        return dialog;
    }
}
