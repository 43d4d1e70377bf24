package org.sotto.core.internal.connection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLException;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.sasl.SASLError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.xml.XmlPullParserException;

import org.jxmpp.stringprep.XmppStringprepException;

import org.sotto.core.api.account.Failure;
import org.sotto.core.api.account.FailureReason;

/** Turns whatever Smack or the JDK threw into one typed {@link Failure}. */
public final class FailureClassifier {
    /** What Smack 4.4.8 throws (with no type of its own) when the server answers STARTTLS with {@code <failure/>}. */
    static final String TLS_FAILURE = "TLS negotiation has failed";

    private FailureClassifier() {
    }

    public static Failure classify(Throwable error) {
        List<Throwable> chain = chain(error);
        String detail = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        for (Throwable t : chain) {
            if (t instanceof UntrustedCertificateException untrusted) {
                return Failure.untrustedCertificate(untrusted.sha256(), detail);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SASLErrorException sasl) {
                SASLError condition = sasl.getSASLFailure().getSASLError();
                return Failure.of(condition == SASLError.account_disabled || condition == SASLError.credentials_expired
                        ? FailureReason.ACCOUNT_PROBLEM : FailureReason.NOT_AUTHORIZED, detail);
            }
            if (t instanceof SmackException.SecurityRequiredException || t instanceof SmackException.SecurityNotPossibleException) {
                return Failure.of(FailureReason.TLS_UNAVAILABLE, detail);
            }
            if (t instanceof XMPPException.StreamErrorException streamError) {
                StreamError.Condition condition = streamError.getStreamError().getCondition();
                return Failure.of(switch (condition) {
                    case conflict -> FailureReason.CONFLICT;
                    case policy_violation -> FailureReason.POLICY_VIOLATION;
                    case not_authorized -> FailureReason.NOT_AUTHORIZED;
                    case host_unknown, remote_connection_failed, host_gone -> FailureReason.UNREACHABLE;
                    default -> FailureReason.STREAM_ERROR;
                }, detail);
            }
            if (t instanceof SmackException.SmackMessageException && TLS_FAILURE.equals(t.getMessage())) {
                return Failure.of(FailureReason.TLS_FAILED, detail);
            }
            if (t instanceof XmppStringprepException) {
                return Failure.of(FailureReason.INVALID_ADDRESS, detail);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SSLException || t instanceof CertificateException
                    || t instanceof SmackException.SmackCertificateException) {
                // a certificate problem our trust manager did not see, e.g. a host name mismatch
                return Failure.of(FailureReason.UNTRUSTED_CERTIFICATE, detail);
            }
            if (t instanceof SmackException.ConnectionException || t instanceof ConnectException
                    || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
                return Failure.of(FailureReason.UNREACHABLE, detail);
            }
            if (t instanceof SmackException.NoResponseException || t instanceof SocketTimeoutException) {
                return Failure.of(FailureReason.TIMEOUT, detail);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof IOException || t instanceof SmackException.NotConnectedException
                    || t instanceof XmlPullParserException
                    || t instanceof SmackException.SmackMessageException) { // a stream cut off mid-element
                return Failure.of(FailureReason.CONNECTION_LOST, detail);
            }
        }
        return Failure.of(FailureReason.UNKNOWN, detail);
    }

    private static List<Throwable> chain(Throwable error) {
        List<Throwable> all = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        collect(error, all, seen);
        return all;
    }

    private static void collect(Throwable t, List<Throwable> all, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) {
            return;
        }
        all.add(t);
        collect(t.getCause(), all, seen);
        for (Throwable suppressed : t.getSuppressed()) {
            collect(suppressed, all, seen);
        }
    }
}
