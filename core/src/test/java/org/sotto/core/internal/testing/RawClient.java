package org.sotto.core.internal.testing;

import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.Socket;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.packet.Nonza;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;

import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.testkit.ProsodyServer;

/**
 * A hostile (or just different) client that writes whatever XML it is given onto its stream, as it is: for stanzas
 * no well-behaved library would build. Stream management is off, so the server does not count what it sends.
 */
public final class RawClient implements AutoCloseable {
    public final XMPPTCPConnection connection;
    public final String jid;

    private RawClient(XMPPTCPConnection connection, String jid) {
        this.connection = connection;
        this.jid = jid;
    }

    public static RawClient login(ProsodyServer server, String jid, String password) throws Exception {
        XMPPTCPConnection connection = Connections.create(ConnectionSettings.of(jid, password).withResource("raw")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        connection.setUseStreamManagement(false);
        // answers every subscription request, so tests can build a roster quickly
        Roster.getInstanceFor(connection).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        connection.connect().login();
        return new RawClient(connection, jid);
    }

    /** Asks to see {@code contact}'s presence (and so gets their PEP notifications once they approve). */
    public void requestSubscription(String contact) throws Exception {
        Roster.getInstanceFor(connection).createItemAndRequestSubscription(JidCreate.bareFrom(contact), contact, null);
    }

    /** Writes {@code xml} onto the stream unchanged. */
    public void send(String xml) throws Exception {
        send(connection, xml);
    }

    /** Writes {@code xml} onto {@code connection}'s stream unchanged (Smack's builders would not build what it says). */
    public static void send(XMPPTCPConnection connection, String xml) throws Exception {
        connection.sendNonza(new Nonza() {
            @Override
            public String getNamespace() {
                return null;
            }

            @Override
            public String getElementName() {
                return "raw";
            }

            @Override
            public CharSequence toXML(XmlEnvironment environment) {
                return xml;
            }
        });
    }

    /**
     * Writes bytes onto the stream's socket (inside TLS) as they are, bypassing Smack's character writer: for what no
     * string can hold, such as invalid UTF-8. Call it while nothing else is being sent.
     */
    public void sendBytes(byte[] bytes) throws Exception {
        Field field = XMPPTCPConnection.class.getDeclaredField("socket");
        field.setAccessible(true);
        OutputStream out = ((Socket) field.get(connection)).getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Whether the server still has this client's stream open (it closes it after XML it does not accept). */
    public boolean connected() {
        return connection.isConnected();
    }

    /**
     * Disconnects after a round trip to the server, so everything sent before has been read by it (a large stanza
     * written just before an immediate disconnect may otherwise be cut off and lost on a loaded machine).
     */
    @Override
    public void close() {
        try {
            PingManager.getInstanceFor(connection).pingMyServer(false);
        } catch (SmackException.NotConnectedException | InterruptedException e) {
            // the server closed the stream (e.g. after hostile input): nothing is left to wait for
        } finally {
            connection.disconnect();
        }
    }
}
