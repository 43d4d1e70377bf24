package org.sotto.app.lock;

import javafx.geometry.Insets;
import javafx.geometry.Pos;

import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

import org.sotto.app.ui.Strings;
import org.sotto.app.ui.ThemeSwitch;

/** The lock screen: nothing of the profile, a passphrase field; binds to a {@link LockViewModel}. */
public final class LockView {
    private final BorderPane root = new BorderPane();
    private final PasswordField passphrase = new PasswordField();

    public LockView(LockViewModel model) {
        FontIcon icon = new FontIcon(Material2AL.LOCK);
        icon.setIconSize(48);
        Label title = new Label(Strings.get("lock.title"));
        title.setId("lock-title");
        title.getStyleClass().add("title-2");
        Label explain = new Label(Strings.get("lock.explain"));
        explain.setWrapText(true);
        explain.getStyleClass().add("text-muted");
        explain.setMinHeight(Region.USE_PREF_SIZE);

        passphrase.setId("lock-passphrase");
        passphrase.setPromptText(Strings.get("unlock.passphrase"));
        passphrase.setAccessibleText(Strings.get("unlock.passphrase"));
        passphrase.textProperty().bindBidirectional(model.passphraseProperty());
        passphrase.disableProperty().bind(model.busyProperty());
        passphrase.setOnAction(e -> model.unlock());

        Label error = new Label();
        error.setId("lock-error");
        error.getStyleClass().add("danger");
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        Button unlock = new Button(Strings.get("unlock.submit.UNLOCK"));
        unlock.setId("lock-unlock");
        unlock.setDefaultButton(true);
        unlock.getStyleClass().add("accent");
        unlock.disableProperty().bind(model.busyProperty());
        unlock.setOnAction(e -> model.unlock());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(22, 22);
        progress.setAccessibleText(Strings.get("unlock.working"));
        progress.visibleProperty().bind(model.busyProperty());
        HBox actions = new HBox(12, unlock, progress);
        actions.setAlignment(Pos.CENTER_LEFT);

        model.busyProperty().addListener((obs, old, next) -> {
            if (!next && !model.errorProperty().get().isEmpty()) {
                passphrase.requestFocus();
                passphrase.selectAll();
            }
        });

        VBox card = new VBox(12, icon, title, explain, passphrase, error, actions);
        card.getStyleClass().add("unlock-card");
        card.setMaxWidth(420);
        card.setPadding(new Insets(32));
        root.setTop(ThemeSwitch.bar());
        VBox center = new VBox(card);
        center.setAlignment(Pos.CENTER);
        root.setCenter(center);
        root.setId("lock-view");
        root.getStyleClass().add("unlock-view");
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        passphrase.requestFocus();
    }
}
