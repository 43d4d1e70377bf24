package org.sotto.app.ui;

import java.util.Optional;
import java.util.function.Consumer;

import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;

/**
 * Opens a web address from a message in the browser, after showing the whole address and asking: a link's text
 * and its target are the same here, but a look-alike address is easier to notice before than after.
 */
public final class Links {
    private static volatile Consumer<String> browser = url -> { };

    private Links() {
    }

    /** What opens an address; the app passes {@code HostServices::showDocument}. Tests leave the default (nothing). */
    public static void install(Consumer<String> opener) {
        browser = opener;
    }

    /** Asks, then opens {@code url}. Call on the JavaFX thread. */
    public static void open(Node owner, String url) {
        ButtonType open = new ButtonType(Strings.get("link.open"), ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, url, open, ButtonType.CANCEL);
        alert.setTitle(Strings.get("link.question"));
        alert.setHeaderText(Strings.get("link.question"));
        if (owner.getScene() != null) {
            alert.initOwner(owner.getScene().getWindow());
            alert.getDialogPane().getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.filter(open::equals).isPresent()) {
            browser.accept(url);
        }
    }
}
