package org.sotto.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import javafx.scene.control.Label;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.sotto.testkit.DemoServer;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

class DemoModeTest {

    @Test
    void demoModeRunsAServerWithAliceAndBobAndStopsItWithTheApp() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        SottoApplication app = (SottoApplication) FxToolkit.setupApplication(SottoApplication.class, "--demo");
        DemoServer demo = app.demo().orElseThrow();
        long prosodyPid = demo.server().pid();
        Path dir = demo.server().directory();
        try {
            assertTrue(demo.server().isRunning());
            assertEquals("alice@localhost", demo.alice().jid());
            assertEquals("bob@localhost", demo.bob().jid());
            assertTrue(Files.exists(dir.resolve("data/localhost/accounts/bob.dat")));
            String shown = new FxRobot().lookup("#demo-accounts").queryAs(Label.class).getText();
            assertTrue(shown.contains("alice@localhost / " + demo.alice().password()), shown);
            assertEquals("Sotto", stage.getTitle());
        } finally {
            FxToolkit.cleanupApplication(app); // what closing the window does: Application.stop()
        }
        assertFalse(ProcessHandle.of(prosodyPid).map(ProcessHandle::isAlive).orElse(false), "prosody still runs");
        assertFalse(Files.exists(dir), "the demo server's files are left behind");
    }
}
