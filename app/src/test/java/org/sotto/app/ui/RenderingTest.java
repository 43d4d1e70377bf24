package org.sotto.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderingTest {
    @Test
    void aGpuIsADrmNodeOrNvidiasDevice(@TempDir Path dev) throws Exception {
        assertFalse(Rendering.gpuPresent(dev), "no dri directory");
        Files.createDirectory(dev.resolve("dri"));
        assertFalse(Rendering.gpuPresent(dev), "an empty dri directory");
        Files.createFile(dev.resolve("dri").resolve("renderD128"));
        assertTrue(Rendering.gpuPresent(dev));

        Path other = Files.createDirectory(dev.resolve("other"));
        Files.createFile(other.resolve("nvidiactl"));
        assertTrue(Rendering.gpuPresent(other));
    }

    @Test
    void theUsersOwnChoiceIsKept() {
        String before = System.getProperty(Rendering.ORDER);
        try {
            System.setProperty(Rendering.ORDER, "es2");
            Rendering.chooseBeforeStart();
            assertEquals("es2", System.getProperty(Rendering.ORDER));
        } finally {
            if (before == null) {
                System.clearProperty(Rendering.ORDER);
            } else {
                System.setProperty(Rendering.ORDER, before);
            }
        }
    }
}
