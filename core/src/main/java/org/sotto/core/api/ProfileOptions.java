package org.sotto.core.api;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;

import javax.net.ssl.X509TrustManager;

import org.sotto.core.internal.SottoOptions;
import org.sotto.crypto.OmemoVersion;

/**
 * How a profile runs once open. Every account of a profile speaks OMEMO 2 and OMEMO 0.3; that is not an option.
 * Immutable; each {@code with…} returns a copy.
 */
public final class ProfileOptions {
    private final SottoOptions core;
    private final boolean connectOnOpen;

    private ProfileOptions(SottoOptions core, boolean connectOnOpen) {
        this.core = Objects.requireNonNull(core, "core").withOmemo(EnumSet.allOf(OmemoVersion.class));
        this.connectOnOpen = connectOnOpen;
    }

    /** The system's certificate authorities, the standard reconnection delays, connecting on open. */
    public static ProfileOptions defaults() {
        return new ProfileOptions(SottoOptions.defaults(), true);
    }

    /**
     * Decides which server certificates are trusted instead of the system's certificate authorities (a server with
     * its own CA, a local test server). Certificates the user pinned for an account are accepted on top of it.
     */
    public ProfileOptions withCertificateTrust(X509TrustManager trust) {
        return new ProfileOptions(core.withBaseTrust(Objects.requireNonNull(trust, "trust")), connectOnOpen);
    }

    /** The delay before the first reconnection attempt after a lost connection, doubling up to {@code max}. */
    public ProfileOptions withReconnectDelays(Duration first, Duration max) {
        return new ProfileOptions(core.withBackoff(first, max), connectOnOpen);
    }

    /** Whether opening the profile connects its enabled accounts (a window: yes; a command that only reads: no). */
    public ProfileOptions withConnectOnOpen(boolean connect) {
        return new ProfileOptions(core, connect);
    }

    public boolean connectOnOpen() {
        return connectOnOpen;
    }

    /** Core's own tunables beyond these (page sizes, timeouts); for core's tests. */
    ProfileOptions withCore(SottoOptions options) {
        return new ProfileOptions(options, connectOnOpen);
    }

    SottoOptions core() {
        return core;
    }
}
