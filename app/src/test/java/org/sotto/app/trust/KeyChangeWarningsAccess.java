package org.sotto.app.trust;

import java.util.List;

import org.sotto.core.api.event.IdentityKeyChanged;

/** Window tests outside the package record and read key-change warnings through this. */
public final class KeyChangeWarningsAccess {
    private KeyChangeWarningsAccess() {
    }

    public static void record(IdentityKeyChanged change) {
        KeyChangeWarnings.record(change);
    }

    public static List<IdentityKeyChanged> of(String account, String jid) {
        return KeyChangeWarnings.of(account, jid);
    }
}
