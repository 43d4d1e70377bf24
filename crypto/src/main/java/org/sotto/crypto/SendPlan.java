package org.sotto.crypto;

import java.util.List;

/**
 * Which devices a message goes to. {@code recipients} are trusted (blindly or verified); {@code blocking} are
 * undecided devices the user must decide about before the message may be sent; {@code excluded} are distrusted;
 * {@code unknown} have no identity on record yet (fetch their bundle and build a session, then plan again).
 */
public record SendPlan(List<DeviceAddress> recipients, List<DeviceAddress> blocking, List<DeviceAddress> excluded,
                       List<DeviceAddress> unknown) {
    public SendPlan {
        recipients = List.copyOf(recipients);
        blocking = List.copyOf(blocking);
        excluded = List.copyOf(excluded);
        unknown = List.copyOf(unknown);
    }

    /** True when no undecided device blocks and no identity is missing. */
    public boolean mayEncrypt() {
        return blocking.isEmpty() && unknown.isEmpty();
    }
}
