package org.sotto.app.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Chooses JavaFX's renderer before the toolkit starts. On Linux without a GPU device (a virtual machine, a remote
 * desktop, Xvfb), JavaFX's OpenGL pipeline loads Mesa (~50 MiB, LLVM included) only to reject its software OpenGL
 * and fall back to Prism's own software renderer; Sotto goes to that renderer at once. With a GPU device, or a
 * {@code prism.order} the user set, nothing changes.
 */
public final class Rendering {
    static final String ORDER = "prism.order";

    private Rendering() {
    }

    /** Call before {@code Application.launch}. */
    public static void chooseBeforeStart() {
        if (System.getProperty(ORDER) == null && System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
                .contains("linux") && !gpuPresent(Path.of("/dev"))) {
            System.setProperty(ORDER, "sw");
        }
    }

    /** Whether {@code dev} has a device OpenGL could render on: a DRM node ({@code dri/*}) or NVIDIA's own. */
    static boolean gpuPresent(Path dev) {
        if (Files.exists(dev.resolve("nvidiactl"))) {
            return true;
        }
        try (Stream<Path> nodes = Files.list(dev.resolve("dri"))) {
            return nodes.findAny().isPresent();
        } catch (IOException e) { // no dri directory, or not readable: no device to render on
            return false;
        }
    }
}
