package org.sotto.app.trust;

import javafx.beans.value.ChangeListener;
import javafx.scene.Scene;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.stage.Window;

import org.sotto.core.api.trust.QrCode;

/**
 * A QR code drawn pixel-exact: one module is a whole number of device pixels at the window's output scale (HiDPI:
 * the image has device pixels and is shown at 1/scale, unsmoothed), the quiet zone kept, dark on white in both
 * themes (scanners expect that).
 */
final class QrView extends ImageView {
    private static final int DARK = 0xFF000000;
    private static final int LIGHT = 0xFFFFFFFF;

    private final double targetSize;
    private QrCode code;
    private final ChangeListener<Number> rescale = (obs, old, next) -> draw();

    /** @param targetSize about how many layout pixels wide it should be (the largest exact size not above it) */
    QrView(double targetSize) {
        this.targetSize = targetSize;
        setSmooth(false);
        setPreserveRatio(true);
        sceneProperty().addListener((obs, oldScene, scene) -> {
            if (scene != null) {
                scene.windowProperty().addListener((o, oldWindow, window) -> follow(oldWindow, window));
                follow(null, scene.getWindow());
            }
        });
    }

    private void follow(Window old, Window window) {
        if (old != null) {
            old.outputScaleXProperty().removeListener(rescale);
        }
        if (window != null) {
            window.outputScaleXProperty().addListener(rescale);
        }
        draw();
    }

    void show(String text) {
        code = text == null || text.isEmpty() ? null : QrCode.encode(text);
        draw();
    }

    private void draw() {
        if (code == null) {
            setImage(null);
            return;
        }
        double scale = outputScale();
        int modulePixels = Math.max(1, (int) Math.floor(targetSize * scale / code.size()));
        WritableImage image = image(code, modulePixels);
        setImage(image);
        setFitWidth(image.getWidth() / scale);
        setFitHeight(image.getHeight() / scale);
    }

    private double outputScale() {
        Scene scene = getScene();
        return scene == null || scene.getWindow() == null ? 1 : scene.getWindow().getOutputScaleX();
    }

    /** The code with {@code modulePixels} × {@code modulePixels} pixels per module, quiet zone included. */
    static WritableImage image(QrCode code, int modulePixels) {
        int side = code.size() * modulePixels;
        WritableImage image = new WritableImage(side, side);
        PixelWriter pixels = image.getPixelWriter();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                pixels.setArgb(x, y, code.isDark(x / modulePixels, y / modulePixels) ? DARK : LIGHT);
            }
        }
        return image;
    }
}
