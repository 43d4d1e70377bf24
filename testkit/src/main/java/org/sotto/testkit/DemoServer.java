package org.sotto.testkit;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Demo mode: a throwaway Prosody on 127.0.0.1 with the accounts alice and bob, so a newcomer can try Sotto
 * without an account anywhere. Closing it (or the JVM exiting) stops the server and deletes its files.
 */
public final class DemoServer implements AutoCloseable {
    private final ProsodyServer server;
    private final Account alice;
    private final Account bob;
    private final Thread shutdownHook;

    /** One demo account; the password is random for each run. */
    public record Account(String jid, String password) {
        @Override
        public String toString() {
            return jid;
        }
    }

    private DemoServer(ProsodyServer server, Account alice, Account bob) {
        this.server = server;
        this.alice = alice;
        this.bob = bob;
        this.shutdownHook = new Thread(server::close, "sotto-demo-server-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook); // Ctrl-C stops the server too
    }

    public static DemoServer start() throws IOException {
        ProsodyServer server = ProsodyServer.start();
        try {
            Account alice = register(server, "alice");
            Account bob = register(server, "bob");
            return new DemoServer(server, alice, bob);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static Account register(ProsodyServer server, String user) {
        byte[] random = new byte[9];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return new Account(server.register(user, password), password);
    }

    public Account alice() {
        return alice;
    }

    public Account bob() {
        return bob;
    }

    public ProsodyServer server() {
        return server;
    }

    /** What the user reads on the console: where the server is and how to log in. */
    public String describe() {
        return "Sotto demo server: Prosody on " + server.host() + ":" + server.c2sPort() + " (domain "
                + server.domain() + "), stopped when Sotto exits\n"
                + "  " + alice.jid() + "  password " + alice.password() + "\n"
                + "  " + bob.jid() + "    password " + bob.password();
    }

    @Override
    public void close() {
        server.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran; the server is closed either way
        }
    }
}
