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
import javafx.scene.layout.Priority;
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

        TextField host = new TextField();
        host.setId("account-host");
        host.setPromptText(Strings.get("account.host"));
        host.setAccessibleText(Strings.get("account.host"));
        host.textProperty().bindBidirectional(model.hostProperty());
        TextField port = new TextField();
        port.setId("account-port");
        port.setPromptText(Strings.get("account.port", String.valueOf(AddAccountViewModel.DEFAULT_PORT)));
        port.setAccessibleText(Strings.get("account.port", String.valueOf(AddAccountViewModel.DEFAULT_PORT)));
        port.setPrefColumnCount(6);
        port.textProperty().bindBidirectional(model.portProperty());
        HBox server = new HBox(8, host, port);
        HBox.setHgrow(host, Priority.ALWAYS);
        Label advancedHint = new Label(Strings.get("account.advanced.hint"));
        advancedHint.setWrapText(true);
        advancedHint.getStyleClass().addAll("text-small", "text-muted");
        TitledPane advanced = new TitledPane(Strings.get("account.advanced"), new VBox(8, advancedHint, server));
        advanced.setId("account-advanced");
        advanced.setExpanded(false);
        advanced.setAnimated(false);

        Label error = new Label();
        error.setId("account-error");
        error.getStyleClass().add("danger");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        Label fingerprint = new Label();
        fingerprint.setId("account-certificate");
        fingerprint.getStyleClass().add("fingerprint");
        fingerprint.setWrapText(true);
        fingerprint.textProperty().bind(model.certificateProperty());
        Label pinQuestion = new Label(Strings.get("account.certificate.question"));
        pinQuestion.setWrapText(true);
        Button pin = new Button(Strings.get("account.certificate.trust"));
        pin.setId("account-trust-certificate");
        pin.getStyleClass().add("danger");
        pin.setOnAction(e -> model.trustCertificate());
        VBox certificate = new VBox(8, pinQuestion, fingerprint, pin);
        certificate.getStyleClass().add("certificate-box");
        certificate.visibleProperty().bind(model.certificateProperty().isNotEmpty());
        certificate.managedProperty().bind(certificate.visibleProperty());

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

        HBox top = new HBox(new Region(), ThemeSwitch.create());
        HBox.setHgrow(top.getChildren().get(0), Priority.ALWAYS);
        top.setPadding(new Insets(8));
        root.setTop(top);
        for (Label label : new Label[] {explanation, advancedHint, error, fingerprint, pinQuestion}) {
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
