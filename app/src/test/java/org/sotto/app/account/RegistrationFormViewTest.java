package org.sotto.app.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import javax.imageio.ImageIO;

import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import org.sotto.app.Screenshots;
import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.RegistrationField;
import org.sotto.core.api.account.RegistrationForm;
import org.sotto.core.api.account.RegistrationMedia;

/**
 * A server form with a CAPTCHA (XEP-0158: the picture's bytes came with the form as bits of binary), a check box
 * and a hidden-text field, rendered by the registration view; Prosody sends no CAPTCHA, so the form is given here.
 */
@ExtendWith(ApplicationExtension.class)
class RegistrationFormViewTest {
    private final SottoProfile profile = Profiles.inMemory(ProfileOptions.defaults().withConnectOnOpen(false));
    private RegisterAccountViewModel model;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.current().set(Theme.LIGHT);
        Theme.installCurrent();
        model = new RegisterAccountViewModel(profile.accounts(), UiExecutor.direct(), account -> { });
        RegisterAccountView view = new RegisterAccountView(model, () -> { });
        Scene scene = new Scene(view.root(), 1000, 760);
        scene.getStylesheets().add(Controls.stylesheet());
        view.root().getStyleClass().add("theme-light");
        stage.setScene(scene);
        stage.sizeToScene(); // the stage may have shown another test's smaller scene
        stage.show();
    }

    @AfterEach
    void close() {
        profile.close();
    }

    private static byte[] picture() throws Exception {
        BufferedImage image = new BufferedImage(180, 60, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 180, 60);
        g.setColor(Color.DARK_GRAY);
        g.drawString("7 x 6 = ?", 50, 35);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    @Test
    void aCaptchaShowsItsPictureAndEachFieldTypeItsControl(FxRobot robot) throws Exception {
        RegistrationMedia captcha = new RegistrationMedia("image/png", URI.create("cid:sha1+0123@bob.xmpp.org"),
                Optional.of(picture()), OptionalInt.of(180), OptionalInt.of(60));
        RegistrationForm form = new RegistrationForm("example.org", Optional.of("Choose a name and solve the puzzle."),
                List.of(new RegistrationField("username", Optional.of("User"), "text-single", true, List.of()),
                        new RegistrationField("password", Optional.of("Password"), "text-private", true, List.of()),
                        new RegistrationField("FORM_TYPE", Optional.empty(), "hidden", false, List.of("urn:xmpp:captcha")),
                        new RegistrationField("ocr", Optional.of("Enter the answer you see"), "text-single", true,
                                List.of(), List.of(captcha)),
                        new RegistrationField("pin", Optional.of("Invitation PIN"), "text-private", false, List.of()),
                        new RegistrationField("tos", Optional.of("I accept the terms of service"), "boolean", true,
                                List.of("0"))),
                true, Optional.of("stream-1"));
        robot.interact(() -> model.showForm(form));

        ImageView image = robot.lookup(".captcha").queryAs(ImageView.class);
        assertEquals(180, image.getImage().getWidth());
        assertFalse(image.getImage().isError());
        assertEquals(Strings.get("register.captcha", "Enter the answer you see"), image.getAccessibleText());
        assertEquals(Strings.get("register.field.required", "Enter the answer you see"),
                robot.lookup(l -> l instanceof Label label && label.getLabelFor() == robot.lookup("#register-field-ocr")
                        .query()).queryAs(Label.class).getText());
        assertInstanceOf(PasswordField.class, robot.lookup("#register-field-pin").query());
        CheckBox terms = robot.lookup("#register-field-tos").queryAs(CheckBox.class);
        assertFalse(terms.isSelected(), "the server's default 0");
        assertTrue(robot.lookup("#register-field-FORM_TYPE").tryQuery().isEmpty(), "hidden fields are not shown");

        robot.clickOn("#register-field-ocr").write("42");
        robot.clickOn(terms);
        assertEquals(List.of("42", "", "true"), model.fields().stream().map(f -> f.value().get()).toList());
        Screenshots.save(robot, stage.getScene(), "register-captcha-light");

        // a required field left empty is said before anything is sent
        robot.interact(() -> {
            model.usernameProperty().set("alice");
            model.passwordProperty().set("pw");
            model.passwordRepeatedProperty().set("pw");
            model.fields().get(0).value().set("");
            model.register();
        });
        assertEquals(Strings.get("register.error.required", "Enter the answer you see"), model.errorProperty().get());
        assertFalse(model.busyProperty().get());
    }
}
