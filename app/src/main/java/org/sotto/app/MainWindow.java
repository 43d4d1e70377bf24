package org.sotto.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.prefs.Preferences;

import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import org.sotto.app.account.AddAccountView;
import org.sotto.app.account.AddAccountViewModel;
import org.sotto.app.chats.ChatsView;
import org.sotto.app.chats.ChatsViewModel;
import org.sotto.app.contacts.OwnAvailability;
import org.sotto.app.contacts.OwnAvailabilityButton;
import org.sotto.app.lock.IdleLock;
import org.sotto.app.lock.LockView;
import org.sotto.app.lock.LockViewModel;
import org.sotto.app.notify.DesktopNotifications;
import org.sotto.app.notify.NotificationSink;
import org.sotto.app.notify.Notifier;
import org.sotto.app.settings.SettingsView;
import org.sotto.app.settings.SettingsViewModel;
import org.sotto.app.settings.UserSettings;
import org.sotto.app.trust.KeyChangeWarnings;
import org.sotto.app.trust.VerificationLinks;
import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Emoji;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.app.ui.UiExecutor;
import org.sotto.app.unlock.UnlockView;
import org.sotto.app.unlock.UnlockViewModel;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.event.Subscription;

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
    /** The profile's directory (none for the demo's profile in memory). */
    private Path directory;
    /** Where the open chat is kept for the next start, when the app asked for it ({@link #rememberOpenChat()}). */
    private Preferences openChatPreferences;
    private boolean closing;
    private final UserSettings settings;
    private Notifier notifier;
    private IdleLock idleLock;
    private boolean locked;
    private SettingsViewModel settingsModel;
    /** The chat a notification's "Open" asked for while the window was locked: it opens after unlocking. */
    private String[] openAfterUnlock;
    /** A verification URI from the command line: its contact's trust dialog opens once the chats show. */
    private String verification;
    private Subscription keyChanges;
    /** Shows contacts the availability chosen in the window while the profile is open. */
    private OwnAvailability ownAvailability;
    /** Keeps the sidebar's do-not-disturb button following the setting while it shows. */
    private InvalidationListener dndListener;

    private MainWindow(Stage stage, UserSettings settings) {
        this.stage = Objects.requireNonNull(stage);
        this.settings = Objects.requireNonNull(settings);
        Theme.installCurrent();
        scene = new Scene(new Pane(), 1000, 680);
        scene.getStylesheets().add(Controls.stylesheet());
        Theme.current().addListener((obs, old, next) -> styleRoot(scene.getRoot()));
        settings.fontSizeProperty().addListener((obs, old, next) -> styleRoot(scene.getRoot()));
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() && !e.isAltDown() && !e.isShiftDown() && e.getCode() == KeyCode.L) {
                e.consume();
                lock();
            }
        });
        stage.titleProperty().unbind(); // a stage shown before by another window (tests)
        stage.setTitle(TITLE);
        stage.setMinWidth(640);
        stage.setMinHeight(440);
        stage.setScene(scene);
        stage.sizeToScene(); // a stage that showed another scene keeps that one's size otherwise
    }

    /** Opens on the unlock screen of the profile in {@code directory} (creating one there if there is none). */
    public static MainWindow show(Stage stage, Path directory, ProfileOptions options) {
        return show(stage, directory, options, UserSettings.global());
    }

    /** As {@link #show(Stage, Path, ProfileOptions)}, with the preferences in {@code settings} (tests). */
    public static MainWindow show(Stage stage, Path directory, ProfileOptions options, UserSettings settings) {
        MainWindow window = new MainWindow(stage, settings);
        window.directory = directory;
        UnlockViewModel model = new UnlockViewModel(directory, options, window.background, window.ui, window::opened);
        UnlockView view = new UnlockView(model);
        window.setRoot(view.root());
        stage.show();
        view.focus();
        return window;
    }

    /** Opens on an already open profile (demo mode): its chats, or the sign-in if it has no account. */
    public static MainWindow show(Stage stage, SottoProfile profile) {
        return show(stage, profile, UserSettings.global());
    }

    /** As {@link #show(Stage, SottoProfile)}, with the preferences in {@code settings} (tests). */
    public static MainWindow show(Stage stage, SottoProfile profile, UserSettings settings) {
        MainWindow window = new MainWindow(stage, settings);
        window.opened(profile);
        stage.show();
        return window;
    }

    private void opened(SottoProfile opened) {
        this.profile = opened;
        ownAvailability = new OwnAvailability(opened, settings.availabilityProperty(), ui);
        startNotifications();
        if (opened.directory().isPresent()) { // a profile in memory has no passphrase to unlock with
            idleLock = new IdleLock(scene, settings.autoLockMinutesProperty(), this::lock);
            idleLock.restart();
        }
        // unlocking's key derivation left ~128 MiB of garbage: collected now, the heap shrinks by the launcher's
        // MaxHeapFreeRatio and gives it back instead of keeping it committed for the whole session
        background.execute(System::gc);
        background.execute(Emoji::preload); // the first emoji shown does not wait for the font's tables
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
        if (keyChanges == null) {
            keyChanges = KeyChangeWarnings.follow(profile);
        }
        chats = new ChatsViewModel(profile, ui);
        chatsView = new ChatsView(chats);
        Button settingsButton = Controls.iconButton(Material2MZ.SETTINGS, Strings.get("settings.open"));
        settingsButton.setId("open-settings");
        settingsButton.setOnAction(e -> openSettings());
        chatsView.addSidebarButtons(doNotDisturbButton(), settingsButton);
        chatsView.addConnectionControls(OwnAvailabilityButton.create(settings.availabilityProperty()));
        if (profile.directory().isPresent()) {
            Button lockButton = Controls.iconButton(Material2AL.LOCK, Strings.get("lock.now"));
            lockButton.setId("lock-now");
            lockButton.setOnAction(e -> lock());
            chatsView.addSidebarButtons(lockButton);
        }
        setRoot(chatsView.root());
        // "Sotto (3) — alice@example.org": the unread messages of every account, and the account when there is one
        stage.titleProperty().bind(Bindings.createStringBinding(() -> {
            int unread = chats.unreadTotalProperty().get();
            String title = unread > 0 ? Strings.get("window.title.unread", TITLE, unread) : TITLE;
            return chats.accounts().size() == 1
                    ? Strings.get("window.title.account", title, chats.accounts().get(0).jid()) : title;
        }, chats.unreadTotalProperty(), chats.accounts()));
        restoreOpenChat();
        offerVerification();
    }

    /** Do not disturb from the sidebar (the same setting as the settings page's): its icon and words say the state. */
    private Button doNotDisturbButton() {
        Button button = Controls.iconButton(Material2AL.DO_NOT_DISTURB_OFF, Strings.get("dnd.turnOn"));
        button.setId("do-not-disturb");
        Runnable update = () -> {
            boolean on = settings.doNotDisturbProperty().get();
            String words = on ? Strings.get("dnd.turnOff") : Strings.get("dnd.turnOn");
            ((FontIcon) button.getGraphic())
                    .setIconCode(on ? Material2AL.DO_NOT_DISTURB : Material2AL.DO_NOT_DISTURB_OFF);
            button.setAccessibleText(words);
            button.getTooltip().setText(words);
            button.getStyleClass().remove("accent");
            if (on) {
                button.getStyleClass().add("accent");
            }
        };
        update.run();
        // weak: the button goes with the chats' view (lock), the setting stays
        settings.doNotDisturbProperty().addListener(new WeakInvalidationListener(dndListener = obs -> update.run()));
        button.setOnAction(e -> settings.doNotDisturbProperty().set(!settings.doNotDisturbProperty().get()));
        return button;
    }

    /** Desktop notifications for as long as the profile is open; the bus is reached off the JavaFX thread. */
    private void startNotifications() {
        SottoProfile opened = profile;
        // a thread of its own: the background thread's work (sign-in, registration) must not wait for the bus
        Thread connecting = new Thread(() -> {
            NotificationSink sink = DesktopNotifications.connect(DesktopNotifications.busAddress, tag -> ui.execute(() ->
                    Notifier.chatOf(tag).ifPresentOrElse(this::openFromNotification, () -> {
                        stage.show(); // an invitation: its Join and Decline are above the chat list
                        stage.toFront();
                    })));
            ui.execute(() -> {
                if (profile != opened || closing) {
                    sink.close();
                    return;
                }
                notifier = new Notifier(opened, settings, sink, ui, (account, peer) -> stage.isFocused()
                        && chats != null && chats.openChatProperty().get() != null
                        && chats.openChatProperty().get().accountJid().equals(account)
                        && chats.openChatProperty().get().peer().equals(peer)
                        && scene.getRoot() == chatsView.root(), () -> locked);
            });
        }, "sotto-notifications-connect");
        connecting.setDaemon(true);
        connecting.start();
    }

    private void openFromNotification(String[] accountAndPeer) {
        stage.show();
        stage.toFront();
        if (locked) {
            openAfterUnlock = accountAndPeer;
        } else if (chats != null) {
            if (settingsModel != null) {
                closeSettings();
            }
            chats.open(accountAndPeer[0], accountAndPeer[1]);
        }
    }

    /**
     * Locks the window (Ctrl+L, the lock button, or the idle time): every view and view model that holds messages,
     * names or pictures is dropped, their subscriptions closed, and the lock screen shows. The profile stays open:
     * accounts stay connected and messages keep arriving into the store. A profile in memory has no passphrase and
     * does not lock.
     */
    public void lock() {
        if (locked || profile == null || profile.directory().isEmpty() || chats == null) {
            return;
        }
        locked = true;
        idleLock.stop();
        // names and fingerprints of contacts; core reports a changed key again with the device's next message
        KeyChangeWarnings.clear();
        closeSettings();
        for (Window other : List.copyOf(Window.getWindows())) {
            if (other != stage) {
                other.hide(); // a trust dialog or a question shows names and fingerprints
            }
        }
        ChatsViewModel open = chats;
        boolean chatWasOpen = open.openChatProperty().get() != null;
        String[] reopen = chatWasOpen ? new String[] {open.openChatProperty().get().accountJid(),
                open.openChatProperty().get().peer()} : null;
        stage.titleProperty().unbind();
        stage.setTitle(TITLE);
        closing = true; // the open chat is kept for after unlocking, not forgotten
        open.close();
        closing = false;
        chats = null;
        chatsView = null;
        openAfterUnlock = reopen;
        LockViewModel model = new LockViewModel(profile, background, ui, this::unlocked);
        LockView view = new LockView(model);
        setRoot(view.root());
        view.focus();
    }

    private void unlocked() {
        locked = false;
        String[] reopen = openAfterUnlock;
        openAfterUnlock = null;
        showChats();
        if (reopen != null) {
            chats.open(reopen[0], reopen[1]);
        }
        idleLock.restart();
    }

    /** Shortens the auto-lock's minute (tests: the idle lock without waiting minutes). */
    void setIdleMinute(Duration length) {
        idleLock.setMinute(length);
    }

    /** Whether the lock screen shows. */
    public boolean isLocked() {
        return locked;
    }

    /** The settings page in place of the chats; its back button returns to them. */
    public void openSettings() {
        if (profile == null || locked || settingsModel != null) {
            return;
        }
        settingsModel = new SettingsViewModel(profile, settings, background, ui);
        SettingsView view = new SettingsView(settingsModel, this::closeSettings, this::addAnotherAccount);
        setRoot(view.root());
        view.focus();
    }

    /** From the settings: the sign-in (or account creation) for one more account; back to the chats after it. */
    void addAnotherAccount() {
        closeSettings();
        AddAccountViewModel model = new AddAccountViewModel(profile.accounts(), background, ui,
                account -> setRoot(chatsView.root()));
        AddAccountView view = new AddAccountView(model, () -> setRoot(chatsView.root()));
        setRoot(view.root());
        view.focus();
    }

    private void closeSettings() {
        if (settingsModel == null) {
            return;
        }
        settingsModel.close();
        settingsModel = null;
        if (chatsView != null) {
            setRoot(chatsView.root());
        }
    }

    /**
     * Opens again the chat that was open when this profile's window last closed, and keeps the open chat from now on
     * (the user's Java preferences, per profile directory). The app calls it; tests that check it do too.
     */
    public void rememberOpenChat() {
        if (directory == null) {
            return;
        }
        openChatPreferences = openChatNode(directory);
        if (chats != null) {
            restoreOpenChat();
        }
    }

    private void restoreOpenChat() {
        Preferences prefs = openChatPreferences;
        if (prefs == null || chats == null) {
            return;
        }
        String kept = prefs.get("open.chat", "");
        int split = kept.indexOf('\n');
        if (split > 0 && chats.openChatProperty().get() == null) {
            chats.open(kept.substring(0, split), kept.substring(split + 1));
        }
        chats.openChatProperty().addListener((obs, old, next) -> {
            if (closing) {
                return; // the window closes with the chat open: it opens again next time
            } else if (next == null) {
                prefs.remove("open.chat");
            } else {
                prefs.put("open.chat", next.accountJid() + '\n' + next.peer());
            }
        });
    }

    /** Where the open chat of the profile in {@code profileDirectory} is kept: a node named by the path's SHA-1. */
    static Preferences openChatNode(Path profileDirectory) {
        return Preferences.userNodeForPackage(MainWindow.class).node("profiles")
                .node(sha1(profileDirectory.toAbsolutePath().normalize().toString()));
    }

    /** A preferences node's name from a path: fixed length, no slashes. */
    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens the contact's trust dialog with {@code uri} to confirm, now or after unlock and sign-in. */
    public void verifyAfterUnlock(String uri) {
        verification = uri;
        offerVerification();
    }

    private void offerVerification() {
        if (verification != null && chats != null) {
            String uri = verification;
            verification = null;
            VerificationLinks.open(jid -> chats.open(jid).trust(), uri, stage);
        }
    }

    private void setRoot(Parent root) {
        styleRoot(root);
        scene.setRoot(root);
    }

    private void styleRoot(Parent root) {
        root.getStyleClass().removeAll("theme-light", "theme-dark");
        root.getStyleClass().add(Theme.current().get() == Theme.DARK ? "theme-dark" : "theme-light");
        int fontSize = settings.fontSizeProperty().get();
        root.setStyle(fontSize == UserSettings.DEFAULT_FONT_SIZE ? "" : "-fx-font-size: " + fontSize + "px;");
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
        closing = true;
        stage.titleProperty().unbind();
        if (idleLock != null) {
            idleLock.stop(); // a closed window never locks later
        }
        if (chats != null) {
            chats.close();
        }
        if (settingsModel != null) {
            settingsModel.close();
        }
        if (notifier != null) {
            notifier.close();
        }
        if (keyChanges != null) {
            keyChanges.close();
        }
        if (ownAvailability != null) {
            ownAvailability.close();
        }
        background.shutdownNow();
        if (profile != null) {
            profile.close();
            profile = null;
        }
    }
}
