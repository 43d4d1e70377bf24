package org.sotto.app.unlock;

import javafx.beans.binding.Bindings;

import javafx.geometry.Insets;
import javafx.geometry.Pos;

import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.sotto.app.ui.Strings;
import org.sotto.app.ui.ThemeSwitch;

/** The first run and unlock screen; binds to an {@link UnlockViewModel}. */
public final class UnlockView {
    private final BorderPane root = new BorderPane();
    private final PasswordField passphrase = new PasswordField();

    public UnlockView(UnlockViewModel model) {
        boolean create = model.modeProperty().get() == UnlockViewModel.Mode.CREATE;
        Label title = new Label(Strings.get("app.name"));
        title.getStyleClass().add("title-1");
        Label heading = new Label();
        heading.getStyleClass().add("title-3");
        heading.textProperty().bind(Bindings.createStringBinding(() -> Strings.of("unlock.heading",
                model.modeProperty().get()), model.modeProperty()));
        Label protects = new Label(Strings.get("unlock.protects"));
        protects.setWrapText(true);
        protects.getStyleClass().add("text-muted");
        Label location = new Label(Strings.get("unlock.location", model.directory()));
        location.getStyleClass().addAll("text-small", "text-muted");
        location.setWrapText(true);

        passphrase.setId("passphrase");
        passphrase.setPromptText(Strings.get("unlock.passphrase"));
        passphrase.setAccessibleText(Strings.get("unlock.passphrase"));
        passphrase.textProperty().bindBidirectional(model.passphraseProperty());
        passphrase.disableProperty().bind(model.busyProperty());

        PasswordField repeated = new PasswordField();
        repeated.setId("passphrase-repeated");
        repeated.setPromptText(Strings.get("unlock.repeat"));
        repeated.setAccessibleText(Strings.get("unlock.repeat"));
        repeated.textProperty().bindBidirectional(model.repeatedProperty());
        repeated.disableProperty().bind(model.busyProperty());
        bindVisible(repeated, create);

        Label strength = new Label();
        strength.setId("strength");
        strength.textProperty().bind(model.strengthTextProperty());
        strength.setWrapText(true);
        model.strengthProperty().addListener((obs, old, next) -> styleStrength(strength, next));
        bindVisible(strength, create);

        Label mismatch = new Label();
        mismatch.setId("mismatch");
        mismatch.getStyleClass().add("danger");
        mismatch.textProperty().bind(model.mismatchProperty());
        mismatch.visibleProperty().bind(model.mismatchProperty().isNotEmpty());
        mismatch.managedProperty().bind(mismatch.visibleProperty());

        Label error = new Label();
        error.setId("unlock-error");
        error.getStyleClass().add("danger");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        Button submit = new Button(Strings.of("unlock.submit", model.modeProperty().get()));
        submit.setId("unlock-submit");
        submit.setDefaultButton(true);
        submit.getStyleClass().add("accent");
        submit.disableProperty().bind(model.canSubmitProperty().not());
        submit.setOnAction(e -> model.submit());
        model.modeProperty().addListener((obs, old, next) -> {
            submit.setText(Strings.of("unlock.submit", next));
            repeated.setVisible(next == UnlockViewModel.Mode.CREATE);
            repeated.setManaged(next == UnlockViewModel.Mode.CREATE);
            strength.setVisible(next == UnlockViewModel.Mode.CREATE);
            strength.setManaged(next == UnlockViewModel.Mode.CREATE);
        });

        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("unlock-progress");
        progress.setPrefSize(22, 22);
        progress.setAccessibleText(Strings.get("unlock.working"));
        Label working = new Label(Strings.get("unlock.working"));
        HBox busy = new HBox(8, progress, working);
        busy.setAlignment(Pos.CENTER_LEFT);
        busy.visibleProperty().bind(model.busyProperty());
        busy.managedProperty().bind(busy.visibleProperty());

        HBox actions = new HBox(12, submit, busy);
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox card = new VBox(12, title, heading, protects, passphrase, repeated, strength, mismatch, error, actions,
                location);
        card.getStyleClass().add("unlock-card");
        card.setMaxWidth(440);
        card.setPadding(new Insets(32));
        VBox.setVgrow(card, Priority.NEVER);

        model.refusalsProperty().addListener((obs, old, next) -> {
            passphrase.requestFocus();
            passphrase.selectAll();
        });
        // the field is disabled while working; focus comes back when it is enabled again
        model.busyProperty().addListener((obs, old, next) -> {
            if (!next && !model.errorProperty().get().isEmpty()) {
                passphrase.requestFocus();
                passphrase.selectAll();
            }
        });

        for (Label label : new Label[] {protects, location, strength, error}) {
            label.setMinHeight(Region.USE_PREF_SIZE);
        }
        root.setTop(ThemeSwitch.bar());
        VBox center = new VBox(card);
        center.setAlignment(Pos.CENTER);
        root.setCenter(center);
        root.getStyleClass().add("unlock-view");
    }

    private static void bindVisible(javafx.scene.Node node, boolean visible) {
        node.setVisible(visible);
        node.setManaged(visible);
    }

    private static void styleStrength(Label label, PassphraseStrength strength) {
        label.getStyleClass().removeAll("danger", "warning", "success");
        switch (strength) {
            case TOO_SHORT, WEAK -> label.getStyleClass().add("danger");
            case FAIR -> label.getStyleClass().add("warning");
            case STRONG -> label.getStyleClass().add("success");
            case EMPTY -> { }
        }
    }

    public Parent root() {
        return root;
    }

    /** Where the keyboard goes when the screen shows. */
    public void focus() {
        passphrase.requestFocus();
    }
}
