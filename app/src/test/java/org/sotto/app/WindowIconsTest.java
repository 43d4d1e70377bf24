package org.sotto.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** The window's icons are in the jar in every size WindowIcons offers, each as large as its name says. */
class WindowIconsTest {
    @Test
    void everySizeIsThereAndSquare() throws IOException {
        for (int size : WindowIcons.SIZES) {
            try (InputStream in = WindowIcons.class.getResourceAsStream("icons/sotto-" + size + ".png")) {
                assertNotNull(in, "icons/sotto-" + size + ".png");
                BufferedImage image = ImageIO.read(in);
                assertEquals(size, image.getWidth());
                assertEquals(size, image.getHeight());
                assertTrue(image.getColorModel().hasAlpha(), "transparent corners");
            }
        }
    }

    @Test
    void demoModeIsAvailableFromTheSourceTree() {
        assertTrue(Main.demoAvailable(), "testkit is on app's own class path (optional for dependents only)");
    }
}
