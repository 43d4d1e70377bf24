package org.sotto.testkit;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A script of an independent implementation (the python-omemo peers) talking JSON lines over stdin and stdout: one
 * request object per line in, one answer or event object per line out; its stderr goes to the test's. Python
 * scripts run with {@code /usr/bin/python3}, the interpreter that sees Debian's python3-omemo modules.
 */
public final class JsonLinesProcess implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    private JsonLinesProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts {@code scriptResource} (a resource next to {@code anchor}'s classes) with Debian's python and these
     * arguments; {@code environment} adds variables (e.g. a password, never on the command line).
     */
    public static JsonLinesProcess python(Class<?> anchor, String scriptResource, Map<String, String> environment,
                                          String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", resource(anchor, scriptResource).toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        return new JsonLinesProcess(Path.of(scriptResource).getFileName().toString(), builder.start());
    }

    private static Path resource(Class<?> anchor, String name) throws IOException {
        URL url = anchor.getResource(name);
        if (url == null) {
            throw new IOException("no resource " + name + " next to " + anchor.getName());
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /** Writes one request line. */
    public synchronized void send(JsonNode request) {
        try {
            in.write(JSON.writeValueAsString(request));
            in.newLine();
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " is gone", e);
        }
    }

    /** Writes one request line and reads the next line as its answer (for scripts that answer in order). */
    public synchronized JsonNode request(JsonNode request) {
        send(request);
        try {
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException(name + " exited");
            }
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads every line on a daemon thread and hands it to {@code handler} (for scripts that also report events
     * unasked); from then on {@link #request} must not be used.
     */
    public void readInBackground(Consumer<JsonNode> handler) {
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    handler.accept(JSON.readTree(line));
                }
            } catch (IOException e) {
                // the process ended; callers waiting for an answer time out with what they have seen
            }
        }, name + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Closes its stdin (the scripts end there) and waits up to 10 s before killing it. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
    }
}
