package org.sotto.app.account;

import javafx.geometry.Insets;
import javafx.geometry.Pos;

import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.sotto.app.ui.Strings;
import org.sotto.app.ui.ThemeSwitch;

/** Sign in to an account; binds to an {@link AddAccountViewModel}. */
public final class AddAccountView {
    private final BorderPane root = new BorderPane();
    private final TextField jid = new TextField();
    private final ScrollPane signInPane;

    public AddAccountView(AddAccountViewModel model) {
        this(model, null);
    }

    /** With {@code cancel} (another account, from the settings): a Cancel button beside Sign in that runs it. */
    public AddAccountView(AddAccountViewModel model, Runnable cancel) {
        Label heading = new Label(Strings.get("account.heading"));
        heading.getStyleClass().add("title-3");
        Label explanation = new Label(Strings.get("account.explanation"));
        explanation.setWrapText(true);
        explanation.getStyleClass().add("text-muted");

        jid.setId("account-jid");
        jid.setPromptText(Strings.get("account.jid"));
        jid.setAccessibleText(Strings.get("account.jid"));
        jid.textProperty().bindBidirectional(model.jidProperty());
        PasswordField password = new PasswordField();
        password.setId("account-password");
        password.setPromptText(Strings.get("account.password"));
        password.setAccessibleText(Strings.get("account.password"));
        password.textProperty().bindBidirectional(model.passwordProperty());

        TitledPane advanced = ConnectionFields.advanced("account", model.hostProperty(), model.portProperty());
        Label error = ConnectionFields.error("account", model.errorProperty());
        VBox certificate = ConnectionFields.certificate("account", model.certificateProperty(), model::trustCertificate);

        Button signIn = new Button(Strings.get("account.signIn"));
        signIn.setId("account-sign-in");
        signIn.setDefaultButton(true);
        signIn.getStyleClass().add("accent");
        signIn.disableProperty().bind(model.canSignInProperty().not());
        signIn.setOnAction(e -> model.signIn());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(22, 22);
        progress.setAccessibleText(Strings.get("account.connecting"));
        Label status = new Label();
        status.textProperty().bind(model.statusProperty());
        HBox busy = new HBox(8, progress, status);
        busy.setAlignment(Pos.CENTER_LEFT);
        busy.visibleProperty().bind(model.busyProperty());
        busy.managedProperty().bind(busy.visibleProperty());
        HBox actions = new HBox(12, signIn, busy);
        if (cancel != null) {
            Button back = new Button(Strings.get("account.cancel"));
            back.setId("account-cancel");
            back.setCancelButton(true);
            back.disableProperty().bind(model.busyProperty());
            back.setOnAction(e -> cancel.run());
            actions.getChildren().add(1, back);
        }
        actions.setAlignment(Pos.CENTER_LEFT);

        Hyperlink register = new Hyperlink(Strings.get("register.open"));
        register.setId("account-register");
        register.disableProperty().bind(model.busyProperty());
        register.setOnAction(e -> showRegistration(model));

        VBox form = new VBox(12, heading, explanation, jid, password, advanced, error, certificate, actions, register);
        form.setMaxWidth(480);
        form.setPadding(new Insets(32));
        form.getStyleClass().add("unlock-card");
        jid.disableProperty().bind(model.busyProperty());
        password.disableProperty().bind(model.busyProperty());
        advanced.disableProperty().bind(model.busyProperty());

        root.setTop(ThemeSwitch.bar());
        for (Label label : new Label[] {explanation}) {
            label.setMinHeight(Region.USE_PREF_SIZE); // wrap instead of cutting the sentence short
        }
        VBox center = new VBox(form);
        center.setAlignment(Pos.CENTER);
        center.setPadding(new Insets(0, 16, 16, 16));
        signInPane = new ScrollPane(center);
        signInPane.setFitToWidth(true);
        signInPane.setFitToHeight(true);
        signInPane.getStyleClass().add("edge-to-edge");
        root.setCenter(signInPane);
    }

    private void showRegistration(AddAccountViewModel model) {
        RegisterAccountView registration = new RegisterAccountView(model.registration(), () -> {
            root.setCenter(signInPane);
            focus();
        });
        root.setCenter(registration.root());
        registration.focus();
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        jid.requestFocus();
    }
}
