package org.sotto.app;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.prefs.Preferences;

import javafx.scene.Parent;
import javafx.scene.Scene;

import javafx.stage.Stage;

import org.sotto.app.account.AddAccountView;
import org.sotto.app.account.AddAccountViewModel;
import org.sotto.app.chats.ChatsView;
import org.sotto.app.chats.ChatsViewModel;
import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.app.ui.UiExecutor;
import org.sotto.app.unlock.UnlockView;
import org.sotto.app.unlock.UnlockViewModel;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;

/**
 * The one window and the way through its screens: unlock (or create) the profile, add an account when it has none,
 * then the chats. It owns the open profile and closes it with {@link #close()}.
 */
public final class MainWindow {
    public static final String TITLE = "Sotto";

    private final Stage stage;
    private final Scene scene;
    private final UiExecutor ui = UiExecutor.fx();
    private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sotto-ui-background");
        thread.setDaemon(true);
        return thread;
    });
    private SottoProfile profile;
    private ChatsViewModel chats;
    private ChatsView chatsView;

    private MainWindow(Stage stage) {
        this.stage = Objects.requireNonNull(stage);
        Theme.installCurrent();
        scene = new Scene(new javafx.scene.layout.Pane(), 1000, 680);
        scene.getStylesheets().add(Controls.stylesheet());
        Theme.current().addListener((obs, old, next) -> styleRoot(scene.getRoot()));
        stage.setTitle(TITLE);
        stage.setMinWidth(640);
        stage.setMinHeight(440);
        stage.setScene(scene);
    }

    /** Opens on the unlock screen of the profile in {@code directory} (creating one there if there is none). */
    public static MainWindow show(Stage stage, Path directory, ProfileOptions options) {
        MainWindow window = new MainWindow(stage);
        UnlockViewModel model = new UnlockViewModel(directory, options, window.background, window.ui, window::opened);
        UnlockView view = new UnlockView(model);
        window.setRoot(view.root());
        stage.show();
        view.focus();
        return window;
    }

    /** Opens on an already open profile (demo mode): its chats, or the sign-in if it has no account. */
    public static MainWindow show(Stage stage, SottoProfile profile) {
        MainWindow window = new MainWindow(stage);
        window.opened(profile);
        stage.show();
        return window;
    }

    private void opened(SottoProfile opened) {
        this.profile = opened;
        // unlocking's key derivation left ~128 MiB of garbage: collected now, the heap shrinks by the launcher's
        // MaxHeapFreeRatio and gives it back instead of keeping it committed for the whole session
        background.execute(System::gc);
        if (opened.accounts().list().isEmpty()) {
            AddAccountViewModel model = new AddAccountViewModel(opened.accounts(), background, ui, this::signedIn);
            AddAccountView view = new AddAccountView(model);
            setRoot(view.root());
            view.focus();
        } else {
            showChats();
        }
    }

    private void signedIn(Account account) {
        showChats();
    }

    private void showChats() {
        chats = new ChatsViewModel(profile, ui);
        chatsView = new ChatsView(chats);
        setRoot(chatsView.root());
        stage.setTitle(Strings.get("window.title.account", TITLE, chats.accountProperty().get().jid()));
    }

    private void setRoot(Parent root) {
        styleRoot(root);
        scene.setRoot(root);
    }

    private static void styleRoot(Parent root) {
        root.getStyleClass().removeAll("theme-light", "theme-dark");
        root.getStyleClass().add(Theme.current().get() == Theme.DARK ? "theme-dark" : "theme-light");
    }

    public Stage stage() {
        return stage;
    }

    /** The main screen's view model once the chats show (tests). */
    public ChatsViewModel chats() {
        return chats;
    }

    public ChatsView chatsView() {
        return chatsView;
    }

    /** The open profile, if unlocked. */
    public Optional<SottoProfile> profile() {
        return Optional.ofNullable(profile);
    }

    /**
     * Restores the window's size and place from the last run and keeps them when it closes (the user's Java
     * preferences). The app calls it; tests leave it out, so their windows all have one size.
     */
    public void rememberGeometry() {
        Preferences prefs = Preferences.userNodeForPackage(MainWindow.class);
        double width = prefs.getDouble("window.width", stage.getWidth());
        double height = prefs.getDouble("window.height", stage.getHeight());
        double x = prefs.getDouble("window.x", Double.NaN);
        double y = prefs.getDouble("window.y", Double.NaN);
        if (width >= stage.getMinWidth() && height >= stage.getMinHeight()) {
            stage.setWidth(width);
            stage.setHeight(height);
        }
        if (!Double.isNaN(x) && !Double.isNaN(y)
                && !javafx.stage.Screen.getScreensForRectangle(x, y, Math.min(width, 200), 50).isEmpty()) {
            stage.setX(x); // only where a screen still shows it
            stage.setY(y);
        }
        stage.setMaximized(prefs.getBoolean("window.maximized", false));
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDING, e -> {
            prefs.putBoolean("window.maximized", stage.isMaximized());
            if (!stage.isMaximized() && !stage.isIconified()) {
                prefs.putDouble("window.width", stage.getWidth());
                prefs.putDouble("window.height", stage.getHeight());
                prefs.putDouble("window.x", stage.getX());
                prefs.putDouble("window.y", stage.getY());
            }
        });
    }

    /** Stops following the chats and locks the profile again. Call off the JavaFX thread's hot path (on exit). */
    public void close() {
        if (chats != null) {
            chats.close();
        }
        background.shutdownNow();
        if (profile != null) {
            profile.close();
            profile = null;
        }
    }
}
