package org.sotto.app.chat;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The floor under Sotto's first frame (benchmarks/window/measure.sh): the least a JavaFX window like the unlock
 * screen costs on this JVM, with nothing of Sotto behind it. Argument {@code theme}: with AtlantaFX's theme as Sotto
 * installs it; otherwise JavaFX's own Modena.
 */
public final class FirstFrameFloor extends Application {
    @Override
    public void start(Stage stage) {
        if (getParameters().getRaw().contains("theme")) {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheetBSS());
        }
        VBox screen = new VBox(12, new Label("Unlock your profile"), new PasswordField(), new Button("Unlock"));
        screen.setPadding(new Insets(24));
        stage.setTitle("floor");
        stage.setScene(new Scene(screen, 480, 320));
        stage.show();
    }

    public static void main(String[] args) {
        launch(args);
    }
}
