package org.sotto.testkit;

/** A child JVM that starts a server, says where it is, and waits to be killed. */
public final class ServerOwner {
    private ServerOwner() {
    }

    public static void main(String[] args) throws Exception {
        ProsodyServer server = ProsodyServer.start();
        System.out.println(server.pid() + " " + server.directory());
        System.out.flush();
        Thread.sleep(120_000);
        server.close();
    }
}
