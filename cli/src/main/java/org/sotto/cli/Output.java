package org.sotto.cli;

import java.io.PrintStream;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Standard output as JSON lines (one object each; events print from another thread, so lines never interleave). */
public final class Output {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final PrintStream err;

    public Output(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Prints {@code json} as one line; nothing for null (an event the CLI does not show). */
    public synchronized void print(Map<String, Object> json) {
        if (json == null) {
            return;
        }
        try {
            out.println(JSON.writeValueAsString(json));
            out.flush();
        } catch (JsonProcessingException e) {
            err.println("cannot write JSON: " + e.getMessage());
        }
    }

    /** A line of {@code "type": "error"} with its typed reason. */
    public void error(String reason, String message) {
        print(JsonEvents.error(reason, message));
    }
}
