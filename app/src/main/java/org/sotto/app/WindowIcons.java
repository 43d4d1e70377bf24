package org.sotto.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import javafx.collections.ListChangeListener;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Sotto's logo in the sizes a window manager picks from (title bar, task switcher, dock), from icons/png (copied
 * into the jar at build). {@link #applyToEveryWindow()} gives it to every stage that shows without icons of its
 * own, the main window and dialogs alike, so no view has to remember it.
 */
public final class WindowIcons {
    static final List<Integer> SIZES = List.of(16, 24, 32, 48, 64, 128, 256);
    private static List<Image> images;

    private WindowIcons() {
    }

    /** Call before the JavaFX application starts. */
    public static void applyToEveryWindow() {
        Window.getWindows().addListener((ListChangeListener<Window>) change -> {
            while (change.next()) {
                for (Window window : change.getAddedSubList()) {
                    if (window instanceof Stage stage && stage.getIcons().isEmpty()) {
                        applyTo(stage);
                    }
                }
            }
        });
    }

    public static void applyTo(Stage stage) {
        stage.getIcons().setAll(images());
    }

    static synchronized List<Image> images() {
        if (images == null) {
            images = SIZES.stream().map(WindowIcons::load).toList();
        }
        return images;
    }

    private static Image load(int size) {
        String name = "icons/sotto-" + size + ".png";
        try (InputStream in = WindowIcons.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + WindowIcons.class);
            }
            return new Image(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
