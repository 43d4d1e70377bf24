package org.sotto.core.api;

import java.util.EnumSet;
import java.util.Objects;

import org.sotto.core.SottoOptions;
import org.sotto.crypto.OmemoVersion;

/**
 * How a profile runs once open. Every account of a profile speaks OMEMO 2 and OMEMO 0.3.
 *
 * @param core          the core's tunables (trust store, backoff, …)
 * @param connectOnOpen whether opening the profile connects its enabled accounts (a window: yes; a command that
 *                      only reads: no)
 */
public record ProfileOptions(SottoOptions core, boolean connectOnOpen) {
    public ProfileOptions {
        Objects.requireNonNull(core, "core");
        core = core.withOmemo(EnumSet.allOf(OmemoVersion.class));
    }

    public static ProfileOptions defaults() {
        return new ProfileOptions(SottoOptions.defaults(), true);
    }

    public ProfileOptions withCore(SottoOptions options) {
        return new ProfileOptions(options, connectOnOpen);
    }

    public ProfileOptions withConnectOnOpen(boolean connect) {
        return new ProfileOptions(core, connect);
    }
}
