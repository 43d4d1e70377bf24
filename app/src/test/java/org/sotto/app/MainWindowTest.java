package org.sotto.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javafx.scene.control.Label;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        MainWindow.show(stage, Optional.empty());
    }

    @Test
    void opensWithTitleNameAndVersion(FxRobot robot) throws Exception {
        assertEquals("Sotto", stage.getTitle());
        assertTrue(stage.isShowing());
        assertEquals("Sotto", robot.lookup("#app-name").queryAs(Label.class).getText());
        String version = robot.lookup("#app-version").queryAs(Label.class).getText();
        assertTrue(version.matches("version \\d+\\.\\d+\\.\\d+.*"), version);

        AtomicReference<Path> png = new AtomicReference<>();
        robot.interact(() -> {
            try {
                png.set(Screenshots.save(stage.getScene(), "main-window"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Files.size(png.get()) > 1000, "screenshot is empty");
    }
}
