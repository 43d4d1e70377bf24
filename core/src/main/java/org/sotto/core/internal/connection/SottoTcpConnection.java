package org.sotto.core.internal.connection;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.packet.StreamOpen;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * Smack's TCP connection, except that the stream header sent before TLS names no account: Smack 4.4.8 puts
 * {@code from='user@domain'} on every stream header, so anyone on the network path learnt who was connecting
 * (RFC 6120 §4.7.1 lets a client that keeps its identity private leave it out). After TLS it is sent as before.
 */
final class SottoTcpConnection extends XMPPTCPConnection {
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
}
