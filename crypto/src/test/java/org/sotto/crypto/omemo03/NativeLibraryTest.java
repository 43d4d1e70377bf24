package org.sotto.crypto.omemo03;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signal.libsignal.protocol.IdentityKeyPair;

/** libsignal loads its production library from java.library.path and copies nothing into the temp directory. */
class NativeLibraryTest {
    private static final Path MAPS = Path.of("/proc/self/maps");

    @Test
    void theProductionLibraryIsMappedFromTheLibraryPathAndNoTestingLibrary() throws IOException {
        assumeTrue(Files.isReadable(MAPS), "needs Linux's /proc");
        NativeLibrary.ensureLoaded();
        assertEquals(33, IdentityKeyPair.generate().getPublicKey().serialize().length);

        Path expected = NativeLibrary.find(System.getProperty("java.library.path")).orElseThrow().toRealPath();
        List<String> mapped = mappedFiles().stream().filter(f -> f.contains("signal_jni")).distinct().toList();
        assertEquals(List.of(expected.toString()), mapped, "libsignal's mapped files");
        assertEquals("libsignal_jni.so", expected.getFileName().toString());
        assertTrue(expected.getParent().endsWith(Path.of("libsignal", "target", "native")), expected.toString());
        // (not one of libsignal's own temp copies, /tmp/libsignalNNN/: the checkout itself may live under /tmp)
    }

    @Test
    void tenKilledJvmsLeaveNothingOfLibsignalInTheTempDirectory(@TempDir Path tmp) throws Exception {
        for (int i = 0; i < 10; i++) {
            Process child = child(tmp, System.getProperty("java.library.path"), null);
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("loaded 33", out.readLine());
            } finally {
                child.destroyForcibly(); // SIGKILL: no deleteOnExit, no shutdown hook
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
        }
        try (Stream<Path> left = Files.list(tmp)) {
            List<String> names = left.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().noneMatch(n -> n.startsWith("libsignal")), "left in java.io.tmpdir: " + names);
        }
    }

    @Test
    void aMissingLibrarySaysHowToRunSotto(@TempDir Path tmp) throws Exception {
        Path emptyDir = Files.createDirectory(tmp.resolve("no-library"));
        String line = runToEnd(child(tmp, emptyDir.toString(), null));
        assertTrue(line.startsWith("failed "), line);
        assertTrue(line.contains("java.library.path (" + emptyDir + ")"), line);
        assertTrue(line.contains("./sotto"), line);
    }

    @Test
    void bundledLibrariesOnTheClassPathAreRefused(@TempDir Path tmp) throws Exception {
        Path resources = Files.createDirectory(tmp.resolve("resources"));
        String arch = "x86_64".equals(System.getProperty("os.arch")) ? "amd64" : System.getProperty("os.arch");
        Files.createFile(resources.resolve(System.mapLibraryName("signal_jni_testing_" + arch)));
        String line = runToEnd(child(tmp, System.getProperty("java.library.path"), resources));
        assertTrue(line.startsWith("failed "), line);
        assertTrue(line.contains("bundled native libraries [" + System.mapLibraryName("signal_jni_testing_" + arch) + "]"),
                line);
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of("resources"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static Process child(Path tmp, String libraryPath, Path extraClassPath) throws IOException {
        String classPath = System.getProperty("java.class.path")
                + (extraClassPath == null ? "" : File.pathSeparator + extraClassPath);
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-Djava.library.path=" + libraryPath, "-cp", classPath,
                NativeLibraryChild.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String runToEnd(Process child) throws Exception {
        try {
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(3, child.exitValue(), out);
            return out;
        } finally {
            child.destroyForcibly();
        }
    }

    private static List<String> mappedFiles() throws IOException {
        List<String> files = new ArrayList<>();
        for (String line : Files.readAllLines(MAPS)) {
            String[] fields = line.trim().split("\\s+", 6);
            if (fields.length == 6 && fields[5].startsWith("/")) {
                files.add(fields[5]);
            }
        }
        return files.stream().collect(Collectors.toList());
    }
}
