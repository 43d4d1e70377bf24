package org.sotto.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import javafx.scene.image.Image;
import javafx.stage.Stage;

/** Sotto's logo in the sizes a window manager picks from (title bar, task switcher, dock), from icons/png. */
public final class WindowIcons {
    static final List<Integer> SIZES = List.of(16, 24, 32, 48, 64, 128, 256);

    private WindowIcons() {
    }

    public static void applyTo(Stage stage) {
        stage.getIcons().setAll(images());
    }

    static List<Image> images() {
        return SIZES.stream().map(WindowIcons::load).toList();
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
