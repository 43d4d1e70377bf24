package org.sotto.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import javafx.scene.control.PasswordField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Unlocking an existing profile on the real window: a wrong passphrase, a profile open elsewhere, then the right one. */
@ExtendWith(ApplicationExtension.class)
class UnlockWindowTest {
    private static final ProfileOptions OPTIONS = ProfileOptions.defaults().withConnectOnOpen(false);
    private static final String PASSPHRASE = "purple monkey dishwasher";
    @TempDir
    static Path dir;

    private Stage stage;
    private MainWindow window;

    @BeforeAll
    static void createProfile() {
        Profiles.create(dir.resolve("profile"), PASSPHRASE.toCharArray(), PASSPHRASE.toCharArray(), OPTIONS).close();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.choice().set(Theme.Choice.LIGHT);
        window = MainWindow.show(stage, dir.resolve("profile"), OPTIONS);
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(window::close);
    }

    @Test
    void aWrongPassphraseKeepsTheFocusAndAProfileOpenElsewhereIsSaidSo(FxRobot robot) throws Exception {
        assertEquals(Strings.get("unlock.heading.UNLOCK"), robot.lookup(".title-3").queryLabeled().getText());
        assertTrue(robot.lookup("#passphrase-repeated").queryAs(PasswordField.class).getParent() != null);
        assertTrue(!robot.lookup("#passphrase-repeated").queryAs(PasswordField.class).isVisible(), "asked once");

        robot.clickOn("#passphrase").write("not my passphrase").type(KeyCode.ENTER);
        FxWait.until(30, () -> !robot.lookup("#unlock-error").queryLabeled().getText()
                .isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Strings.get("profile.error.WRONG_PASSPHRASE"), robot.lookup("#unlock-error").queryLabeled().getText());
        PasswordField field = robot.lookup("#passphrase").queryAs(PasswordField.class);
        assertTrue(field.isFocused(), "the field keeps the focus");
        assertEquals("not my passphrase", field.getSelectedText(), "selected, so typing again replaces it");
        Screenshots.save(robot, stage.getScene(), "unlock-wrong-passphrase-light");

        try (SottoProfile elsewhere = Profiles.unlock(dir.resolve("profile"), PASSPHRASE.toCharArray(), OPTIONS)) {
            robot.write(PASSPHRASE).type(KeyCode.ENTER);
            FxWait.until(30, () -> robot.lookup("#unlock-error").queryLabeled().getText()
                    .equals(Strings.get("profile.error.ALREADY_OPEN")));
            assertTrue(elsewhere.accounts().list().isEmpty());
        }
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.ENTER); // the passphrase is still there, selected
        FxWait.until(30, () -> robot.lookup("#account-jid").tryQuery().isPresent());
        assertTrue(window.profile().isPresent());
    }
}
