package org.sotto.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.core.api.ProfileOptions;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The first screen a new user sees, in light and dark, and a wrong passphrase on an existing profile. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    @TempDir
    static Path dir;
    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.choice().set(Theme.Choice.LIGHT);
        window = MainWindow.show(stage, dir.resolve("profile"), ProfileOptions.defaults().withConnectOnOpen(false));
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(window::close); // as Application.stop() does it, on the JavaFX thread
    }

    @Test
    void firstRunAsksForANewPassphraseTwiceWithAdvice(FxRobot robot) throws Exception {
        assertEquals("Sotto", stage.getTitle());
        assertTrue(stage.isShowing());
        assertEquals(Strings.get("unlock.heading.CREATE"), robot.lookup(".title-3").queryAs(Label.class).getText());
        Button submit = robot.lookup("#unlock-submit").queryButton();
        assertTrue(submit.isDisabled());
        robot.clickOn("#passphrase").write("horse");
        assertTrue(robot.lookup("#strength").queryAs(Label.class).getText().startsWith("Too short"));
        robot.write(" battery staple correct");
        robot.clickOn("#passphrase-repeated").write("horse battery staple correct");
        assertTrue(!submit.isDisabled());
        Path light = Screenshots.save(robot, stage.getScene(), "unlock-create-light");
        robot.clickOn("#theme-switch");
        assertEquals(Theme.DARK, Theme.current().get());
        Path dark = Screenshots.save(robot, stage.getScene(), "unlock-create-dark");
        robot.clickOn("#theme-switch");
        assertTrue(Files.size(light) > 1000 && Files.size(dark) > 1000, "screenshots are empty");
        for (Button button : robot.lookup(".button").queryAllAs(Button.class)) {
            if (button.getText() == null || button.getText().isEmpty()) {
                assertTrue(button.getAccessibleText() != null && !button.getAccessibleText().isEmpty(),
                        "an icon-only button without accessible text: " + button.getId());
            }
        }
    }
}
