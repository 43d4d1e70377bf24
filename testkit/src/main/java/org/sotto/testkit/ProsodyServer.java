package org.sotto.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Prosody 0.12 on 127.0.0.1, run in the foreground from a throwaway directory: its own config,
 * a self-signed certificate for {@code localhost}, {@code conference.localhost} and {@code upload.localhost},
 * free ports, and accounts made on demand with prosodyctl. {@link #close()} stops it and deletes the directory.
 */
public final class ProsodyServer implements AutoCloseable {
    public static final String DOMAIN = "localhost";
    public static final String MUC_DOMAIN = "conference.localhost";
    public static final String UPLOAD_DOMAIN = "upload.localhost";
    public static final String HOST = "127.0.0.1";
    private static final Path PROSODY = Path.of("/usr/bin/prosody");
    private static final Path PROSODYCTL = Path.of("/usr/bin/prosodyctl");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    /**
     * Runs Prosody under a small shell that stops it when asked (SIGTERM) and also when this JVM is gone
     * without cleaning up (SIGKILL, a native exit): then it deletes the directory too, so nothing is left.
     */
    private static final String WATCHDOG = """
            "$1" --config "$2" -F &
            server=$!
            trap 'kill "$server" 2>/dev/null; wait "$server"; exit 0' TERM INT
            while kill -0 "$3" 2>/dev/null && kill -0 "$server" 2>/dev/null; do sleep 0.2; done
            kill "$server" 2>/dev/null
            wait "$server"
            kill -0 "$3" 2>/dev/null || rm -rf "$4"
            """;

    private final Path dir;
    private final Path config;
    private final TestCertificate certificate;
    private final int c2sPort;
    private final int httpPort;
    private final int httpsPort;
    private Process process;

    private ProsodyServer(Path dir, TestCertificate certificate, int c2sPort, int httpPort, int httpsPort) {
        this.dir = dir;
        this.config = dir.resolve("prosody.cfg.lua");
        this.certificate = certificate;
        this.c2sPort = c2sPort;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    /** The modules every test server loads (unless a test leaves some out, see {@link #startWithout}). */
    public static final List<String> MODULES = List.of(
            "roster", "saslauth", "tls", "disco", "carbons", "pep", "private", "bookmarks", "blocklist",
            "vcard4", "vcard_legacy", "ping", "register", "mam", "smacks", "csi_simple",
            "version", "time", "posix");

    /** Writes a config into a new temp directory and starts Prosody; returns once it accepts connections. */
    public static ProsodyServer start() throws IOException {
        return startWithout(Set.of());
    }

    /**
     * {@link #start()}, but with the message archive (mod_mam's store) in Prosody's memory storage instead of its
     * file storage, which reads the user's whole archive file for every query (seconds per page once it holds
     * thousands of OMEMO messages). For benchmarks of large catch-ups, where a real server would use SQL storage.
     */
    public static ProsodyServer startWithArchiveInMemory() throws IOException {
        return startWithArchiveInMemory("");
    }

    /** {@link #startWithArchiveInMemory()} plus global Lua settings (see {@link #start(Set, String)}). */
    public static ProsodyServer startWithArchiveInMemory(String extraGlobalConfig) throws IOException {
        return start(Set.of(), extraGlobalConfig, true);
    }

    /**
     * Like {@link #start()}, but without some of the {@link #MODULES}, e.g. {@code "bookmarks"} for a server that has
     * only XEP-0048 private storage. Unknown names are an error, so a typo cannot silently test the full server.
     */
    public static ProsodyServer startWithout(Set<String> leftOut) throws IOException {
        return start(leftOut, "");
    }

    /**
     * Like {@link #startWithout}, plus global Lua settings appended to the config before the hosts, e.g.
     * {@code password_hash = "SHA-256"} for a server that offers SCRAM-SHA-256 instead of SCRAM-SHA-1.
     */
    public static ProsodyServer start(Set<String> leftOut, String extraGlobalConfig) throws IOException {
        return start(leftOut, extraGlobalConfig, false);
    }

    private static ProsodyServer start(Set<String> leftOut, String extraGlobalConfig, boolean archiveInMemory)
            throws IOException {
        for (String module : leftOut) {
            if (!MODULES.contains(module)) {
                throw new IllegalArgumentException("the test server does not load \"" + module + "\"; it loads " + MODULES);
            }
        }
        requireInstalled();
        Path dir = Files.createTempDirectory("sotto-prosody-");
        try {
            Files.createDirectories(dir.resolve("data"));
            TestCertificate certificate = TestCertificate.generate(dir, List.of(DOMAIN, MUC_DOMAIN, UPLOAD_DOMAIN));
            int[] ports = freePorts(4);
            ProsodyServer server = new ProsodyServer(dir, certificate, ports[0], ports[1], ports[2]);
            server.writeConfig(ports[3], MODULES.stream().filter(m -> !leftOut.contains(m)).toList(), extraGlobalConfig,
                    archiveInMemory);
            server.launch();
            return server;
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    /** Fails with a message that says how to install Prosody; tests never skip silently. */
    public static void requireInstalled() {
        if (!Files.isExecutable(PROSODY) || !Files.isExecutable(PROSODYCTL)) {
            throw new IllegalStateException("Prosody is not installed, and Sotto's tests need a real XMPP server. "
                    + "Install it with `sudo apt-get install prosody` or run README's test command (./test.sh), "
                    + "which installs everything the tests need.");
        }
    }

    private void writeConfig(int s2sPort, List<String> modules, String extraGlobalConfig, boolean archiveInMemory)
            throws IOException {
        String lua = """
                -- Written by Sotto's testkit for one throwaway server; listens on 127.0.0.1 only.
                %s
                pidfile = "%s"
                data_path = "%s"
                plugin_paths = {}
                interfaces = { "127.0.0.1" }
                local_interfaces = { "127.0.0.1" }
                c2s_ports = { %d }
                c2s_direct_tls_ports = { }
                s2s_ports = { %d }
                http_ports = { %d }
                http_interfaces = { "127.0.0.1" }
                https_ports = { %d }
                https_interfaces = { "127.0.0.1" }
                http_external_url = "https://localhost:%d/"
                log = { { levels = { min = "info" }, to = "file", filename = "%s" } }
                ssl = { certificate = "%s"; key = "%s" }
                https_ssl = { certificate = "%s"; key = "%s" }
                c2s_require_encryption = true
                s2s_require_encryption = true
                allow_registration = true
                min_seconds_between_registrations = 0
                authentication = "internal_hashed"
                storage = %s
                storage_archive_item_limit = 1000000
                archive_expires_after = "never"
                default_archive_policy = true
                max_archive_query_results = 250
                modules_disabled = { "s2s" }
                modules_enabled = { %s }
                %s

                VirtualHost "%s"

                Component "%s" "muc"
                    modules_enabled = { "muc_mam" }
                    restrict_room_creation = false
                    muc_room_default_history_length = 20

                Component "%s" "http_file_share"
                    http_file_share_size_limit = 16 * 1024 * 1024
                    -- served under the external URL's host: without it Prosody answers 404 for Host: localhost
                    http_host = "localhost"
                """.formatted(
                isRoot() ? "run_as_root = true -- Prosody hangs as root without it" : "",
                lua(dir.resolve("prosody.pid")), lua(dir.resolve("data")),
                c2sPort, s2sPort, httpPort, httpsPort, httpsPort,
                lua(dir.resolve("prosody.log")),
                lua(certificate.certificatePem()), lua(certificate.keyPem()),
                lua(certificate.certificatePem()), lua(certificate.keyPem()),
                archiveInMemory ? "{ archive = \"memory\" } -- other stores: default_storage, \"internal\"" : "\"internal\"",
                modules.stream().map(m -> "\"" + m + "\";").collect(Collectors.joining(" ")),
                extraGlobalConfig,
                DOMAIN, MUC_DOMAIN, UPLOAD_DOMAIN);
        Files.writeString(config, lua, StandardCharsets.UTF_8);
    }

    private void launch() throws IOException {
        process = new ProcessBuilder("/bin/sh", "-c", WATCHDOG, "sotto-prosody-watchdog",
                PROSODY.toString(), config.toString(), Long.toString(ProcessHandle.current().pid()), dir.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prosody.stdout").toFile())
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!accepts(c2sPort) || readPid().isEmpty()) {
            if (!process.isAlive()) {
                throw new IOException("Prosody exited with code " + process.exitValue() + " while starting:\n" + diagnostics());
            }
            if (System.nanoTime() > deadline) {
                stopProcess();
                throw new IOException("Prosody did not accept connections on 127.0.0.1:" + c2sPort + " within "
                        + START_TIMEOUT.toSeconds() + " s:\n" + diagnostics());
            }
            sleep(10);
        }
        String log = readQuietly(dir.resolve("prosody.log"));
        if (log.contains("Failed to load")) { // a server without working TLS would only confuse the tests
            stopProcess();
            throw new IOException("Prosody could not load its test certificate:\n" + log);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates an account (or changes its password) with prosodyctl; returns its bare JID. */
    public String register(String user, String password) {
        try {
            Process ctl = new ProcessBuilder(PROSODYCTL.toString(), "--config", config.toString(),
                    "register", user, DOMAIN, password)
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            ctl.getOutputStream().close();
            String output = new String(ctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ctl.waitFor(30, TimeUnit.SECONDS) || ctl.exitValue() != 0) {
                ctl.destroyForcibly();
                throw new IllegalStateException("prosodyctl register " + user + " failed: " + output);
            }
            return user + "@" + DOMAIN;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering " + user, e);
        }
    }

    public String domain() {
        return DOMAIN;
    }

    public String host() {
        return HOST;
    }

    public int c2sPort() {
        return c2sPort;
    }

    public int httpsPort() {
        return httpsPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public TestCertificate certificate() {
        return certificate;
    }

    public Path directory() {
        return dir;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The pid of the Prosody process itself (from its pidfile). */
    public long pid() {
        return readPid().orElseThrow(() -> new IllegalStateException("Prosody wrote no readable pidfile in " + dir));
    }

    /** Empty until Prosody has written its whole pid (the file may exist while still empty). */
    private OptionalLong readPid() {
        try {
            String text = Files.readString(dir.resolve("prosody.pid")).trim();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The server's log so far, for failure messages. */
    public String log() {
        return readQuietly(dir.resolve("prosody.log"));
    }

    private String diagnostics() {
        return readQuietly(dir.resolve("prosody.stdout")) + readQuietly(dir.resolve("prosody.log"));
    }

    /** Stops the server, keeping its data and ports for {@link #restart()}: a server that goes away and comes back. */
    public void stop() {
        stopProcess();
    }

    /** Starts the server stopped by {@link #stop()} again, on the same ports with the same accounts and data. */
    public void restart() throws IOException {
        launch();
    }

    @Override
    public void close() {
        stopProcess();
        deleteTree(dir);
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM: Prosody shuts down cleanly
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                sockets.add(socket);
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String lua(Path path) {
        return path.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Prosody", e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover temp file must not fail a test run
                }
            });
        } catch (IOException ignored) {
            // same
        }
    }

    /** Names of the files a test may inspect after a run, for debugging. */
    public Set<String> files() {
        try (Stream<Path> paths = Files.list(dir)) {
            return Set.copyOf(paths.map(p -> p.getFileName().toString()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
