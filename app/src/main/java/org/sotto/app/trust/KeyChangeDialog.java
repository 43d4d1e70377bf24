package org.sotto.app.trust;

import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import org.sotto.app.ui.Strings;
import org.sotto.core.api.event.IdentityKeyChanged;

/**
 * The security warning before a changed identity key is accepted: both fingerprints, what a changed key may mean,
 * and a box the user ticks after comparing the new key with the contact; only then can it be accepted. Cancel is
 * the default, so an Enter pressed by habit changes nothing.
 */
public final class KeyChangeDialog {
    private KeyChangeDialog() {
    }

    /** Asks; on confirmation {@link ChatTrust#acceptChangedKey} takes the new key. True when the user accepted. */
    public static boolean ask(ChatTrust trust, IdentityKeyChanged change, Window owner) {
        Alert alert = build(trust.title(), change, owner);
        ButtonType accept = alert.getButtonTypes().get(0);
        boolean accepted = alert.showAndWait().filter(accept::equals).isPresent();
        if (accepted) {
            trust.acceptChangedKey(change.deviceId());
        }
        return accepted;
    }

    static Alert build(String title, IdentityKeyChanged change, Window owner) {
        ButtonType accept = new ButtonType(Strings.get("trust.keyChange.accept"), ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.WARNING, "", accept, ButtonType.CANCEL);
        String heading = Strings.get("trust.keyChange.title", title, String.valueOf(change.deviceId()));
        alert.setTitle(heading);
        alert.setHeaderText(heading);
        if (owner != null) {
            alert.initOwner(owner);
            if (owner.getScene() != null) {
                alert.getDialogPane().getStylesheets().addAll(owner.getScene().getStylesheets());
                alert.getDialogPane().getStyleClass().addAll(owner.getScene().getRoot().getStyleClass().stream()
                        .filter(c -> c.startsWith("theme-")).toList());
            }
        }
        alert.getDialogPane().setId("key-change-dialog");

        Label explanation = new Label(Strings.get("trust.keyChange.text", title));
        explanation.setWrapText(true);
        GridPane keys = new GridPane();
        keys.setHgap(12);
        keys.setVgap(8);
        Label oldKey = fingerprint(change.knownFingerprint(), "key-change-old");
        Label newKey = fingerprint(change.presentedFingerprint(), "key-change-new");
        newKey.getStyleClass().add("key-change-new");
        keys.addRow(0, new Label(Strings.get("trust.keyChange.old")), oldKey);
        keys.addRow(1, new Label(Strings.get("trust.keyChange.new")), newKey);
        Label after = new Label(Strings.get("trust.keyChange.after", title));
        after.setWrapText(true);
        CheckBox compared = new CheckBox(Strings.get("trust.keyChange.compared", title));
        compared.setId("key-change-compared");
        compared.setWrapText(true);
        VBox content = new VBox(12, explanation, keys, after, compared);
        content.setPadding(new Insets(4, 0, 0, 0));
        content.setPrefWidth(560);
        alert.getDialogPane().setContent(content);

        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        Button confirm = (Button) alert.getDialogPane().lookupButton(accept);
        confirm.setDefaultButton(false);
        confirm.setId("accept-key-change");
        confirm.disableProperty().bind(compared.selectedProperty().not());
        return alert;
    }

    private static Label fingerprint(String fingerprint, String id) {
        Label label = new Label(TrustDialog.twoLines(fingerprint));
        label.setId(id);
        label.getStyleClass().add("fingerprint");
        return label;
    }
}
