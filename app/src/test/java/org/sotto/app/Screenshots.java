package org.sotto.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;

import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Saves PNG snapshots of tested screens under target/screenshots for people to look at. */
public final class Screenshots {
    private Screenshots() {
    }

    /** Waits for the JavaFX thread to settle, then saves the scene. */
    public static Path save(FxRobot robot, Scene scene, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        AtomicReference<Path> file = new AtomicReference<>();
        robot.interact(() -> {
            try {
                file.set(save(scene, name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return file.get();
    }

    /** Call on the FX thread. */
    static Path save(Scene scene, String name) throws IOException {
        WritableImage image = scene.snapshot(null);
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Path file = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(file.getParent());
        ImageIO.write(png, "png", file.toFile());
        return file;
    }
}
