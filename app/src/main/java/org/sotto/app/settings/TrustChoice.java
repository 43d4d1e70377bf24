package org.sotto.app.settings;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import org.sotto.core.api.trust.Trust;

/**
 * A per-account choice about trust that the settings page shows as a switch; core's {@link Trust} keeps it. Its
 * words are {@code settings.trust[.for|.explain|.on|.off].NAME}: the switch, its accessible text naming the account,
 * one sentence on what it does, and what the page says once it is stored on or off.
 */
public enum TrustChoice {
    /** XEP-0450: verifications and distrusts travel to the account's verified devices and contacts; off by default. */
    AUTOMATIC_TRUST(Trust::automaticTrust, Trust::setAutomaticTrust, "settings-automatic-trust"),
    /** New devices of a contact without a choice of its own get messages until one of its devices is verified. */
    BLIND_TRUST_BY_DEFAULT(Trust::defaultBlindTrust, Trust::setDefaultBlindTrust, "settings-blind-trust");

    final Predicate<Trust> stored;
    final BiFunction<Trust, Boolean, CompletableFuture<Void>> store;
    /** The switch's style class. */
    final String styleClass;

    TrustChoice(Predicate<Trust> stored, BiFunction<Trust, Boolean, CompletableFuture<Void>> store, String styleClass) {
        this.stored = stored;
        this.store = store;
        this.styleClass = styleClass;
    }
}
