package org.sotto.app;

import java.util.Optional;

import javafx.application.Application;

import javafx.stage.Stage;

import org.sotto.app.chat.ChatFiles;
import org.sotto.app.trust.VerificationLinks;
import org.sotto.app.ui.Links;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.testkit.DemoServer;

/**
 * The JavaFX application. Without options it opens the unlock screen of the default profile
 * ({@code $SOTTO_PROFILE}, else {@code ~/.sotto/profile}); with {@code --demo} it starts the demo server and opens
 * straight into alice's chats, in a profile kept in memory. The profile is locked again and the demo server stopped
 * when the window closes.
 */
public final class SottoApplication extends Application {
    private Demo demo;
    private MainWindow window;

    @Override
    public void init() throws Exception {
        // init() runs on the launcher thread, so the server and the demo accounts keep the FX thread free
        if (getParameters().getRaw().contains("--demo")) {
            DemoServer server = DemoServer.start();
            demo = Demo.start(server);
            System.out.println(demo.describe());
        }
    }

    @Override
    public void start(Stage stage) {
        Links.install(getHostServices()::showDocument);
        ChatFiles.installOpener(path -> getHostServices().showDocument(path.toUri().toString()));
        if (demo != null) {
            window = MainWindow.show(stage, demo.alice());
            window.chats().open(demo.server().bob().jid()); // the encrypted chat, ready to answer
        } else {
            window = MainWindow.show(stage, Profiles.defaultDirectory(), ProfileOptions.defaults());
        }
        window.rememberGeometry();
        window.rememberOpenChat();
        // the desktop entry passes a clicked xmpp: link (Exec=sotto %u); a verification link opens its trust dialog
        getParameters().getRaw().stream().filter(VerificationLinks::isVerification).findFirst()
                .ifPresent(window::verifyAfterUnlock);
    }

    /** The demo, if this run is in demo mode. */
    Optional<Demo> demo() {
        return Optional.ofNullable(demo);
    }

    MainWindow window() {
        return window;
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
        if (demo != null) {
            demo.close();
            System.out.println("Sotto demo server stopped.");
        }
    }
}
