package org.sotto.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLHandshakeException;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.sasl.packet.SaslNonza;

import org.junit.jupiter.api.Test;

import org.sotto.core.api.account.Failure;
import org.sotto.core.api.account.FailureReason;

/** The typed reasons for failures that the Prosody tests cannot easily provoke. */
class FailureClassifierTest {
    private static XMPPException.StreamErrorException streamError(StreamError.Condition condition) {
        return new XMPPException.StreamErrorException(new StreamError(condition, null, Map.of(), List.of()));
    }

    @Test
    void streamErrorsBecomeTheirReasons() {
        assertEquals(FailureReason.POLICY_VIOLATION, FailureClassifier.classify(streamError(StreamError.Condition.policy_violation)).reason());
        assertEquals(FailureReason.CONFLICT, FailureClassifier.classify(streamError(StreamError.Condition.conflict)).reason());
        assertEquals(FailureReason.STREAM_ERROR, FailureClassifier.classify(streamError(StreamError.Condition.system_shutdown)).reason());
        assertTrue(FailureReason.POLICY_VIOLATION.isRetryable());
        assertFalse(FailureReason.CONFLICT.isRetryable(), "two clients fighting over one resource must not loop");
    }

    @Test
    void saslRefusalsAreAboutTheAccount() {
        assertEquals(FailureReason.NOT_AUTHORIZED, FailureClassifier.classify(
                new SASLErrorException("SCRAM-SHA-1", new SaslNonza.SASLFailure("not-authorized"))).reason());
        assertEquals(FailureReason.ACCOUNT_PROBLEM, FailureClassifier.classify(
                new SASLErrorException("SCRAM-SHA-1", new SaslNonza.SASLFailure("account-disabled"))).reason());
    }

    @Test
    void aWrappedUntrustedCertificateKeepsItsFingerprint() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new UntrustedCertificateException("AB:CD", null));
        Failure failure = FailureClassifier.classify(new SmackException.SmackWrappedException(handshake));
        assertEquals(FailureReason.UNTRUSTED_CERTIFICATE, failure.reason());
        assertEquals("AB:CD", failure.certificateSha256().orElseThrow());
        assertTrue(failure.message().contains("AB:CD"));
    }

    @Test
    void networkTroubleIsRetryable() {
        assertEquals(FailureReason.UNREACHABLE, FailureClassifier.classify(new ConnectException("refused")).reason());
        assertEquals(FailureReason.CONNECTION_LOST, FailureClassifier.classify(new IOException("reset")).reason());
        assertEquals(FailureReason.TLS_UNAVAILABLE,
                FailureClassifier.classify(new SmackException.SecurityRequiredByClientException()).reason());
        assertEquals(FailureReason.UNKNOWN, FailureClassifier.classify(new IllegalStateException("?")).reason());
    }
}
