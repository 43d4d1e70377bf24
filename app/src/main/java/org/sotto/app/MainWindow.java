package org.sotto.app;

import java.util.Optional;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import org.sotto.testkit.DemoServer;

/** The main window. Until the chat views exist it shows the name, the version and the demo accounts. */
public final class MainWindow {
    public static final String TITLE = "Sotto";

    private MainWindow() {
    }

    public static void show(Stage stage, Optional<DemoServer> demo) {
        Label name = new Label("Sotto");
        name.setId("app-name");
        name.setStyle("-fx-font-size: 32px; -fx-font-weight: bold;");
        Label version = new Label("version " + Version.current());
        version.setId("app-version");
        Label tagline = new Label("End-to-end encrypted chat over XMPP and OMEMO");

        VBox content = new VBox(12, name, version, tagline);
        // not a lambda: its signature would load DemoServer, which an installed Sotto does not have
        if (demo.isPresent()) {
            DemoServer server = demo.get();
            Label accounts = new Label("Demo server on " + server.server().host() + ":" + server.server().c2sPort()
                    + "\n" + server.alice().jid() + " / " + server.alice().password()
                    + "\n" + server.bob().jid() + " / " + server.bob().password());
            accounts.setId("demo-accounts");
            content.getChildren().add(accounts);
        }
        content.setAlignment(Pos.CENTER);
        content.setPadding(new Insets(32));

        stage.setTitle(TITLE);
        stage.setScene(new Scene(content, 640, 420));
        stage.show();
    }
}
