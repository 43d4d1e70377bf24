package org.sotto.app.account;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.sotto.app.ui.Strings;

/**
 * The parts the sign-in and the account creation share: the server's host and port (folded away), the error line and
 * the certificate question (an unknown authority's SHA-256 shown, to be pinned). Ids start with the screen's prefix.
 */
final class ConnectionFields {
    private ConnectionFields() {
    }

    /** "Advanced": host and port, for a server that is not found by its domain's DNS records. */
    static TitledPane advanced(String prefix, StringProperty host, StringProperty port) {
        TextField hostField = new TextField();
        hostField.setId(prefix + "-host");
        hostField.setPromptText(Strings.get("account.host"));
        hostField.setAccessibleText(Strings.get("account.host"));
        hostField.textProperty().bindBidirectional(host);
        TextField portField = new TextField();
        portField.setId(prefix + "-port");
        String portPrompt = Strings.get("account.port", String.valueOf(AddAccountViewModel.DEFAULT_PORT));
        portField.setPromptText(portPrompt);
        portField.setAccessibleText(portPrompt);
        portField.setPrefColumnCount(6);
        portField.textProperty().bindBidirectional(port);
        HBox row = new HBox(8, hostField, portField);
        HBox.setHgrow(hostField, Priority.ALWAYS);
        Label hint = new Label(Strings.get("account.advanced.hint"));
        hint.getStyleClass().addAll("text-small", "text-muted");
        wrap(hint);
        TitledPane advanced = new TitledPane(Strings.get("account.advanced"), new VBox(8, hint, row));
        advanced.setId(prefix + "-advanced");
        advanced.setExpanded(false);
        advanced.setAnimated(false);
        return advanced;
    }

    /** The failure in words, shown only when there is one. */
    static Label error(String prefix, ReadOnlyStringProperty error) {
        Label label = new Label();
        label.setId(prefix + "-error");
        label.getStyleClass().add("danger");
        wrap(label);
        label.textProperty().bind(error);
        label.visibleProperty().bind(error.isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    /** The certificate to decide on, by its fingerprint, and the button that pins it; shown only when there is one. */
    static VBox certificate(String prefix, ReadOnlyStringProperty certificate, Runnable trust) {
        Label fingerprint = new Label();
        fingerprint.setId(prefix + "-certificate");
        fingerprint.getStyleClass().add("fingerprint");
        wrap(fingerprint);
        fingerprint.textProperty().bind(certificate);
        Label question = new Label(Strings.get("account.certificate.question"));
        wrap(question);
        Button pin = new Button(Strings.get("account.certificate.trust"));
        pin.setId(prefix + "-trust-certificate");
        pin.getStyleClass().add("danger");
        pin.setOnAction(e -> trust.run());
        VBox box = new VBox(8, question, fingerprint, pin);
        box.getStyleClass().add("certificate-box");
        box.visibleProperty().bind(certificate.isNotEmpty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /** Wraps instead of cutting the sentence short. */
    private static void wrap(Label label) {
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
    }
}
