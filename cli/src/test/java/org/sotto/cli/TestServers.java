package org.sotto.cli;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.util.HexFormat;

import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.sotto.testkit.ProsodyServer;

/** The test server as the command line and a plain client see it. */
final class TestServers {
    private TestServers() {
    }

    /** The test server's certificate as {@code --pin} takes it (SHA-256, hex). */
    static String pin(ProsodyServer server) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(server.certificate().certificate().getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code host:port} of the server's client port, as {@code --server} takes it. */
    static String address(ProsodyServer server) {
        return server.host() + ":" + server.c2sPort();
    }

    /** A plain XMPP client (no Sotto, no OMEMO) to see what goes over the wire; not connected yet. */
    static XMPPTCPConnection plainClient(ProsodyServer server, String jid, String password) throws Exception {
        return new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppAddressAndPassword(jid, password)
                .setHostAddressByNameOrIp(server.host())
                .setPort(server.c2sPort())
                .setResource("plain")
                .setSecurityMode(ConnectionConfiguration.SecurityMode.required)
                .setCustomX509TrustManager(server.certificate().trustManager())
                .build());
    }
}
