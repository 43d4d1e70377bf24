package org.sotto.core.internal.connection;

import java.io.IOException;
import java.util.logging.Logger;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.parsing.ParsingExceptionCallback;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

import org.jxmpp.stringprep.XmppStringprepException;

/** Builds Smack connections the one way Sotto allows: TLS required, certificates verified. */
public final class Connections {
    static {
        // Smack 4.4.8 has no SCRAM-SHA-256; registered once, before the first connection authenticates
        if (!SASLAuthentication.isSaslMechanismRegistered(ScramSha256Mechanism.NAME)) {
            SASLAuthentication.registerSASLMechanism(new ScramSha256Mechanism());
        }
    }

    private static final Logger LOG = Logger.getLogger(Connections.class.getName());

    /**
     * Smack's default closes the connection when an element parser refuses a stanza, and anyone can send one (an
     * OMEMO header with a device id that is not a number did it): the connection would drop whenever a stranger
     * wants. The stanza is dropped instead, with its error (not its content, which may hold message text) in the log.
     */
    private static final ParsingExceptionCallback DROP_UNPARSABLE = unparsable ->
            LOG.warning(() -> "dropped a stanza that could not be parsed: " + unparsable.getParsingException());

    private Connections() {
    }

    public static XMPPTCPConnection create(ConnectionSettings settings) throws XmppStringprepException {
        XMPPTCPConnectionConfiguration.Builder config = XMPPTCPConnectionConfiguration.builder()
                .setXmppAddressAndPassword(settings.jid(), settings.password())
                .setResource(settings.resource())
                .setSecurityMode(SecurityMode.required)
                .setSendPresence(true)
                // bounds how long one attempt can occupy the account's worker on a black-holed address
                .setConnectTimeout(10_000);
        applyServer(settings, config);
        XMPPTCPConnection connection = new SottoTcpConnection(config.build());
        // Sotto reconnects itself (typed states, backoff with jitter); Smack's manager must stay out of the way
        ReconnectionManager.getInstanceFor(connection).disableAutomaticReconnection();
        connection.setUseStreamManagement(true);
        connection.setUseStreamManagementResumption(true);
        connection.setParsingExceptionCallback(DROP_UNPARSABLE);
        return connection;
    }

    /** A connection that only opens a TLS stream to the domain, for in-band registration. */
    public static XMPPTCPConnection createAnonymousStream(ConnectionSettings settings) throws XmppStringprepException {
        XMPPTCPConnectionConfiguration.Builder config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(settings.jid().contains("@") ? settings.jid().substring(settings.jid().indexOf('@') + 1) : settings.jid())
                .setSecurityMode(SecurityMode.required)
                .setSendPresence(false);
        applyServer(settings, config);
        XMPPTCPConnection connection = new SottoTcpConnection(config.build());
        ReconnectionManager.getInstanceFor(connection).disableAutomaticReconnection();
        connection.setParsingExceptionCallback(DROP_UNPARSABLE);
        return connection;
    }

    private static void applyServer(ConnectionSettings settings, XMPPTCPConnectionConfiguration.Builder config) {
        config.setSocketFactory(new NoDelaySocketFactory());
        settings.host().ifPresent(host -> {
            try {
                config.setHostAddressByNameOrIp(host);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a host name or address: " + host, e);
            }
        });
        settings.port().ifPresent(config::setPort);
        // Smack re-initialises a given SSLContext, so a pinned certificate goes in as a trust manager
        settings.trustManager().ifPresent(config::setCustomX509TrustManager);
    }

    /** Connects and logs in, blocking; callers keep this off UI threads. */
    public static XMPPTCPConnection connectAndLogin(ConnectionSettings settings)
            throws IOException, InterruptedException, SmackException, XMPPException {
        XMPPTCPConnection connection = create(settings);
        connection.connect().login();
        return connection;
    }
}
