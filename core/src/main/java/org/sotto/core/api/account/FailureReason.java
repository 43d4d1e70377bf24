package org.sotto.core.api.account;

/** Why a connection attempt failed or a connection was lost; each has a sentence a person understands. */
public enum FailureReason {
    UNREACHABLE("The server cannot be reached. Check the address and your network."),
    NOT_AUTHORIZED("The server refused the password for this account."),
    UNTRUSTED_CERTIFICATE("The server's certificate is not trusted. Compare its fingerprint before you pin it."),
    TLS_UNAVAILABLE("The server does not offer an encrypted connection, and Sotto never connects without one."),
    TLS_FAILED("The server could not start an encrypted connection, and Sotto never connects without one."),
    POLICY_VIOLATION("The server closed the connection for a policy violation (for example sending too fast)."),
    CONFLICT("Another client logged in with the same resource and replaced this connection."),
    ACCOUNT_PROBLEM("The server refused the account (it may be disabled or not exist)."),
    TIMEOUT("The server did not answer in time."),
    STREAM_ERROR("The server closed the connection with an error."),
    CONNECTION_LOST("The connection was lost."),
    INVALID_ADDRESS("The account address is not a valid XMPP address."),
    UNKNOWN("The connection failed for an unexpected reason.");

    private final String explanation;

    FailureReason(String explanation) {
        this.explanation = explanation;
    }

    public String explanation() {
        return explanation;
    }

    /** Whether retrying without the user's action could succeed. */
    public boolean isRetryable() {
        return switch (this) {
            case UNREACHABLE, POLICY_VIOLATION, TIMEOUT, STREAM_ERROR, CONNECTION_LOST, UNKNOWN -> true;
            case NOT_AUTHORIZED, UNTRUSTED_CERTIFICATE, TLS_UNAVAILABLE, TLS_FAILED, CONFLICT, ACCOUNT_PROBLEM, INVALID_ADDRESS -> false;
        };
    }
}
