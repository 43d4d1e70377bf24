package org.sotto.app.account;

import java.io.ByteArrayInputStream;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.TitledPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.sotto.app.ui.Strings;
import org.sotto.core.api.account.RegistrationMedia;

/**
 * Create an account on a server; binds to a {@link RegisterAccountViewModel}. The server's form is built from its
 * fields: a check box for a boolean, a hidden-text field for a private one, a text area for several lines, a text
 * field otherwise, each with the picture (a CAPTCHA) the server sent with it.
 */
public final class RegisterAccountView {
    private final ScrollPane root;
    private final TextField server = new TextField();
    private final VBox extraFields = new VBox(10);

    /** {@code onBack} returns to the sign-in. */
    public RegisterAccountView(RegisterAccountViewModel model, Runnable onBack) {
        Label heading = new Label(Strings.get("register.heading"));
        heading.getStyleClass().add("title-3");
        Label explanation = new Label(Strings.get("register.explanation"));
        explanation.setWrapText(true);
        explanation.getStyleClass().add("text-muted");

        server.setId("register-server");
        server.setPromptText(Strings.get("register.server"));
        server.setAccessibleText(Strings.get("register.server"));
        server.textProperty().bindBidirectional(model.serverProperty());
        server.setOnAction(e -> model.fetchForm());
        Button fetch = new Button(Strings.get("register.fetch"));
        fetch.setId("register-fetch");
        fetch.disableProperty().bind(model.canFetchProperty().not());
        fetch.setOnAction(e -> model.fetchForm());
        HBox serverRow = new HBox(8, server, fetch);
        HBox.setHgrow(server, Priority.ALWAYS);

        TitledPane advanced = ConnectionFields.advanced("register", model.hostProperty(), model.portProperty());
        Label error = ConnectionFields.error("register", model.errorProperty());
        VBox certificate = ConnectionFields.certificate("register", model.certificateProperty(), model::trustCertificate);

        Label instructions = new Label();
        instructions.setId("register-instructions");
        instructions.setWrapText(true);
        instructions.getStyleClass().add("text-muted");
        instructions.textProperty().bind(Bindings.createStringBinding(() -> model.formProperty().get() == null ? ""
                : model.formProperty().get().instructions().orElse(""), model.formProperty()));
        instructions.visibleProperty().bind(instructions.textProperty().isNotEmpty());
        instructions.managedProperty().bind(instructions.visibleProperty());
        TextField username = new TextField();
        username.setId("register-username");
        username.setPromptText(Strings.get("register.username"));
        username.setAccessibleText(Strings.get("register.username"));
        username.textProperty().bindBidirectional(model.usernameProperty());
        Label domain = new Label();
        domain.textProperty().bind(Bindings.createStringBinding(() -> model.formProperty().get() == null ? ""
                : "@" + model.formProperty().get().domain(), model.formProperty()));
        domain.setMinWidth(Region.USE_PREF_SIZE);
        HBox usernameRow = new HBox(6, username, domain);
        usernameRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(username, Priority.ALWAYS);
        PasswordField password = new PasswordField();
        password.setId("register-password");
        password.setPromptText(Strings.get("account.password"));
        password.setAccessibleText(Strings.get("account.password"));
        password.textProperty().bindBidirectional(model.passwordProperty());
        PasswordField repeated = new PasswordField();
        repeated.setId("register-password-repeated");
        repeated.setPromptText(Strings.get("register.passwordRepeated"));
        repeated.setAccessibleText(Strings.get("register.passwordRepeated"));
        repeated.textProperty().bindBidirectional(model.passwordRepeatedProperty());
        model.fields().addListener((ListChangeListener<RegisterAccountViewModel.FormField>) c -> buildFields(model));
        buildFields(model);

        Button create = new Button(Strings.get("register.submit"));
        create.setId("register-submit");
        create.setDefaultButton(true);
        create.getStyleClass().add("accent");
        create.disableProperty().bind(model.canRegisterProperty().not());
        create.setOnAction(e -> model.register());
        VBox formBox = new VBox(12, instructions, usernameRow, password, repeated, extraFields, create);
        formBox.visibleProperty().bind(model.formProperty().isNotNull());
        formBox.managedProperty().bind(formBox.visibleProperty());
        formBox.disableProperty().bind(model.busyProperty());

        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(22, 22);
        progress.accessibleTextProperty().bind(model.statusProperty());
        Label status = new Label();
        status.textProperty().bind(model.statusProperty());
        HBox busy = new HBox(8, progress, status);
        busy.setAlignment(Pos.CENTER_LEFT);
        busy.visibleProperty().bind(model.busyProperty());
        busy.managedProperty().bind(busy.visibleProperty());

        Hyperlink back = new Hyperlink(Strings.get("register.back"));
        back.setId("register-back");
        back.setOnAction(e -> onBack.run());

        VBox card = new VBox(12, heading, explanation, serverRow, advanced, error, certificate, formBox, busy, back);
        card.setMaxWidth(520);
        card.setPadding(new Insets(32));
        card.getStyleClass().add("unlock-card");
        serverRow.disableProperty().bind(model.busyProperty());
        advanced.disableProperty().bind(model.busyProperty());
        for (Label label : new Label[] {explanation, instructions}) {
            label.setMinHeight(Region.USE_PREF_SIZE); // wrap instead of cutting the sentence short
        }
        VBox center = new VBox(card);
        center.setAlignment(Pos.CENTER);
        center.setPadding(new Insets(0, 16, 16, 16));
        root = new ScrollPane(center);
        root.setFitToWidth(true);
        root.setFitToHeight(true);
        root.getStyleClass().add("edge-to-edge");
    }

    private void buildFields(RegisterAccountViewModel model) {
        extraFields.getChildren().clear();
        for (RegisterAccountViewModel.FormField field : model.fields()) {
            extraFields.getChildren().add(fieldNode(field));
        }
    }

    private static Node fieldNode(RegisterAccountViewModel.FormField field) {
        String label = field.required() ? Strings.get("register.field.required", field.label()) : field.label();
        String id = "register-field-" + field.field().name();
        if (field.field().type().equals("boolean")) {
            CheckBox box = new CheckBox(label);
            box.setId(id);
            box.setWrapText(true);
            box.setSelected(field.value().get().equals("true") || field.value().get().equals("1"));
            field.value().set(box.isSelected() ? "true" : "false");
            box.selectedProperty().addListener((obs, old, next) -> field.value().set(next ? "true" : "false"));
            return box;
        }
        TextInputControl input = switch (field.field().type()) {
            case "text-private" -> new PasswordField();
            case "text-multi", "jid-multi", "list-multi" -> {
                TextArea area = new TextArea();
                area.setPrefRowCount(3);
                area.setWrapText(true);
                yield area;
            }
            default -> new TextField();
        };
        input.setId(id);
        input.setAccessibleText(label);
        input.textProperty().bindBidirectional(field.value());
        Label caption = new Label(label);
        caption.setLabelFor(input);
        caption.setWrapText(true);
        caption.setMinHeight(Region.USE_PREF_SIZE);
        VBox box = new VBox(4, caption);
        for (RegistrationMedia media : field.media()) {
            box.getChildren().add(mediaNode(media, field.label()));
        }
        box.getChildren().add(input);
        return box;
    }

    /** The picture itself when its bytes came with the form; otherwise where it is (Sotto fetches nothing). */
    private static Node mediaNode(RegistrationMedia media, String label) {
        if (media.inline()) {
            Image image = new Image(new ByteArrayInputStream(media.data().orElseThrow()));
            if (!image.isError()) {
                ImageView view = new ImageView(image);
                view.setPreserveRatio(true);
                media.width().ifPresent(view::setFitWidth);
                media.height().ifPresent(view::setFitHeight);
                view.setAccessibleText(Strings.get("register.captcha", label));
                view.getStyleClass().add("captcha");
                return view;
            }
        }
        Label where = new Label(Strings.get("register.captcha.elsewhere", media.uri().toString()));
        where.setWrapText(true);
        where.setMinHeight(Region.USE_PREF_SIZE);
        return where;
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        server.requestFocus();
    }
}
