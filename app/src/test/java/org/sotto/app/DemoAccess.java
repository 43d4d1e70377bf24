package org.sotto.app;

import org.sotto.testkit.ProsodyServer;

/** Lets tests in other packages pin a test server's certificate as demo mode does. */
public final class DemoAccess {
    private DemoAccess() {
    }

    public static String sha256(ProsodyServer server) throws Exception {
        return Demo.sha256(server.certificate().certificate());
    }
}
