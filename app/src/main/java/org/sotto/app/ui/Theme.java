package org.sotto.app.ui;

import java.util.Optional;
import java.util.prefs.Preferences;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The AtlantaFX theme in use, light or dark. The user chooses light, dark or "follow the system" ({@link Choice},
 * remembered for the next start in the user preferences); following the system, the theme is the desktop's
 * {@code color-scheme} from the XDG portal ({@link SystemColorScheme}), light without one. Every window follows
 * {@link #current()}.
 */
public enum Theme {
    LIGHT, DARK;

    /** What the user chose. */
    public enum Choice {
        LIGHT, DARK, SYSTEM;

        /** The next one of the three-way switch: light, dark, system, light… */
        public Choice next() {
            return values()[(ordinal() + 1) % values().length];
        }
    }

    private static final String PREFERENCE = "theme";
    private static final ObjectProperty<Choice> CHOICE = new SimpleObjectProperty<>(remembered());
    private static final ObjectProperty<Theme> CURRENT = new SimpleObjectProperty<>(
            CHOICE.get() == Choice.DARK ? DARK : LIGHT);
    /** The session bus to read the portal from; empty: the user's (tests start a bus of their own). */
    static volatile Optional<String> busAddress = Optional.empty();
    private static SystemColorScheme system;
    private static boolean fromSystem;
    /** Counts the times "follow the system" was chosen, so an answer for an earlier choice is dropped. */
    private static int following;

    static {
        CURRENT.addListener((obs, old, next) -> {
            next.install();
            if (!fromSystem) {
                CHOICE.set(next == DARK ? Choice.DARK : Choice.LIGHT); // set directly: the user's choice
            }
        });
        CHOICE.addListener((obs, old, next) -> {
            // java.util.prefs keeps it in memory and writes it to disk on its own thread
            Preferences.userNodeForPackage(Theme.class).put(PREFERENCE, next.name());
            applyChoice();
        });
    }

    private static Choice remembered() {
        try {
            return Choice.valueOf(Preferences.userNodeForPackage(Theme.class).get(PREFERENCE, Choice.LIGHT.name()));
        } catch (IllegalArgumentException | SecurityException e) {
            return Choice.LIGHT;
        }
    }

    private static void applyChoice() {
        following++;
        if (system != null) {
            SystemColorScheme stopped = system;
            system = null;
            Thread closing = new Thread(stopped::close, "sotto-system-theme-close");
            closing.setDaemon(true);
            closing.start();
        }
        Choice choice = CHOICE.get();
        if (choice != Choice.SYSTEM) {
            CURRENT.set(choice == Choice.DARK ? DARK : LIGHT);
            return;
        }
        int mine = following;
        Optional<String> bus = busAddress;
        Thread thread = new Thread(() -> {
            Optional<SystemColorScheme> follower = SystemColorScheme.follow(bus,
                    theme -> Platform.runLater(() -> {
                        if (following == mine) {
                            setFromSystem(theme);
                        }
                    }));
            Platform.runLater(() -> {
                if (following == mine) {
                    system = follower.orElse(null);
                } else {
                    follower.ifPresent(SystemColorScheme::close);
                }
            });
        }, "sotto-system-theme");
        thread.setDaemon(true);
        thread.start();
    }

    private static void setFromSystem(Theme theme) {
        fromSystem = true;
        try {
            CURRENT.set(theme);
        } finally {
            fromSystem = false;
        }
    }

    /** The theme in use; setting it (on the JavaFX thread) is the user choosing it, and restyles every window. */
    public static ObjectProperty<Theme> current() {
        return CURRENT;
    }

    /** The user's choice; setting it (on the JavaFX thread) applies it, "follow the system" in the background. */
    public static ObjectProperty<Choice> choice() {
        return CHOICE;
    }

    /** Installs the current theme and starts following the system if so chosen; call on the JavaFX thread. */
    public static void installCurrent() {
        CURRENT.get().install();
        if (CHOICE.get() == Choice.SYSTEM && following == 0) {
            applyChoice();
        }
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    /** The theme's precompiled stylesheet: parsing its CSS took 260–440 ms before the first frame, loading this 90–130. */
    private void install() {
        Application.setUserAgentStylesheet(this == LIGHT ? new PrimerLight().getUserAgentStylesheetBSS()
                : new PrimerDark().getUserAgentStylesheetBSS());
    }
}
