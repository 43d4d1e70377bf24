package org.sotto.app;

import java.util.Optional;

import javafx.application.Application;
import javafx.stage.Stage;

import org.sotto.testkit.DemoServer;

/** The JavaFX application: demo server (if asked for) before the window, stopped after it. */
public final class SottoApplication extends Application {
    private DemoServer demo;

    @Override
    public void init() throws Exception {
        // init() runs on the launcher thread, so starting Prosody here keeps the FX thread free
        if (getParameters().getRaw().contains("--demo")) {
            demo = DemoServer.start();
            System.out.println(demo.describe());
        }
    }

    @Override
    public void start(Stage stage) {
        MainWindow.show(stage, Optional.ofNullable(demo));
    }

    /** The demo server, if this run is in demo mode. */
    Optional<DemoServer> demo() {
        return Optional.ofNullable(demo);
    }

    @Override
    public void stop() {
        if (demo != null) {
            demo.close();
            System.out.println("Sotto demo server stopped.");
        }
    }
}
