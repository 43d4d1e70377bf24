package org.sotto.core.internal.connection;

import java.io.IOException;
import java.util.logging.Logger;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.packet.StreamOpen;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * Smack's TCP connection, except that the stream header sent before TLS names no account: Smack 4.4.8 puts
 * {@code from='user@domain'} on every stream header, so anyone on the network path learnt who was connecting
 * (RFC 6120 §4.7.1 lets a client that keeps its identity private leave it out). After TLS it is sent as before.
 * A stanza that Smack's own stanza parser fails on with an unchecked exception is dropped instead of closing the
 * connection.
 */
final class SottoTcpConnection extends XMPPTCPConnection {
    private static final Logger LOG = Logger.getLogger(SottoTcpConnection.class.getName());

    SottoTcpConnection(XMPPTCPConnectionConfiguration configuration) {
        super(configuration);
    }

    @Override
    protected void sendStreamOpen() throws SmackException.NotConnectedException, InterruptedException {
        if (isSecureConnection()) {
            super.sendStreamOpen();
            return;
        }
        StreamOpen streamOpen = new StreamOpen(getXMPPServiceDomain(), null, getStreamId(), getConfiguration().getXmlLang(),
                StreamOpen.StreamContentNamespace.client);
        sendNonza(streamOpen);
        outgoingStreamXmlEnvironment = XmlEnvironment.builder().with(streamOpen).build();
    }

    /**
     * Smack 4.4.8 turns a parser's checked refusal into the unparsable-stanza callback, but an unchecked exception
     * from its own stanza parsing (an {@code <error/>} without {@code type}: a NullPointerException in
     * {@code PacketParserUtils.parseError}) reaches its reader, which closes the connection: anyone could disconnect
     * a Sotto user with one stanza. The rest of the stanza is skipped and it is dropped, with the exception's class
     * in the log (never the content, which may hold message text).
     */
    @Override
    protected void parseAndProcessStanza(XmlPullParser parser)
            throws XmlPullParserException, IOException, InterruptedException {
        int depth = parser.getDepth();
        try {
            super.parseAndProcessStanza(parser);
        } catch (RuntimeException e) {
            if (!(parser.getEventType() == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == depth)) {
                PacketParserUtils.parseContentDepth(parser, depth);
            }
            LOG.warning(() -> "dropped a stanza that Smack failed to parse: " + e.getClass().getName());
        }
    }
}
