package org.sotto.crypto.omemo03;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads libsignal's native library before anything else of libsignal is touched, and fails with a message that
 * says how to run Sotto instead of libsignal's bare {@code ExceptionInInitializerError}.
 *
 * <p>libsignal 0.68.1 first looks for a native library inside the class path, preferring its testing build, and
 * copies what it finds into a new temp directory at every start, left behind when the JVM is killed. Sotto's
 * {@code sotto-libsignal} jar carries no native library, so libsignal falls back to
 * {@code System.loadLibrary("signal_jni")}, which finds the production library through {@code java.library.path}.
 */
public final class NativeLibrary {
    static final String NAME = "signal_jni";
    private static final String NATIVE_CLASS = "org.signal.libsignal.internal.Native";

    private static volatile boolean loaded;

    private NativeLibrary() {
    }

    /**
     * Loads the library once per JVM.
     *
     * @throws IllegalStateException when the library is not in {@code java.library.path}, does not load, or when
     *         the class path carries libsignal's bundled libraries (the original libsignal-client jar)
     */
    public static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (NativeLibrary.class) {
            if (!loaded) {
                load();
                loaded = true;
            }
        }
    }

    private static void load() {
        Class<?> nativeClass;
        try {
            nativeClass = Class.forName(NATIVE_CLASS, false, NativeLibrary.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("libsignal is not on the class path", e);
        }
        List<String> bundled = bundledLibraries(nativeClass);
        if (!bundled.isEmpty()) {
            throw new IllegalStateException("The class path carries libsignal's bundled native libraries " + bundled
                    + " (the original org.signal:libsignal-client jar), which libsignal would copy into a new temp"
                    + " directory at every start; Sotto uses sotto-libsignal, which has none.");
        }
        String libraryPath = System.getProperty("java.library.path", "");
        Optional<Path> file = find(libraryPath);
        if (file.isEmpty()) {
            throw new IllegalStateException(missing(libraryPath));
        }
        try {
            Class.forName(NATIVE_CLASS, true, nativeClass.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("libsignal is not on the class path", e);
        } catch (LinkageError e) { // ExceptionInInitializerError, or NoClassDefFoundError after an earlier failure
            throw new IllegalStateException("libsignal's native library " + file.get() + " did not load: " + rootCause(e)
                    + ". It must be the one the libsignal module built for this machine.", e);
        }
    }

    /** What libsignal's own loader would find on the class path (os.arch mapped as libsignal does). */
    static List<String> bundledLibraries(Class<?> nativeClass) {
        String arch = System.getProperty("os.arch");
        if ("x86_64".equals(arch)) {
            arch = "amd64";
        }
        List<String> found = new ArrayList<>();
        for (String name : List.of(NAME + "_testing_" + arch, NAME + "_testing", NAME + "_" + arch, NAME)) {
            String resource = System.mapLibraryName(name);
            if (nativeClass.getResource("/" + resource) != null) {
                found.add(resource);
            }
        }
        return found;
    }

    /** The library file in the first directory of the path that has it, as System.loadLibrary looks for it. */
    static Optional<Path> find(String libraryPath) {
        String fileName = System.mapLibraryName(NAME);
        for (String dir : libraryPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, fileName);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException e) {
                // not a directory name: System.loadLibrary skips it too
            }
        }
        return Optional.empty();
    }

    private static String missing(String libraryPath) {
        return "libsignal's native library " + System.mapLibraryName(NAME) + " is not in java.library.path ("
                + (libraryPath.isEmpty() ? "empty" : libraryPath) + "). Run Sotto with ./sotto or ./sotto-cli, which"
                + " build it into libsignal/target/native and pass -Djava.library.path=libsignal/target/native;"
                + " a JVM started otherwise needs -Djava.library.path=<the directory holding "
                + System.mapLibraryName(NAME) + ">.";
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }
}
