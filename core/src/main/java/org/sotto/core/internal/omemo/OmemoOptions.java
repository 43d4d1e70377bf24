package org.sotto.core.internal.omemo;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Tunables of {@link OmemoService}.
 *
 * @param clock               time for prekey maintenance (signed prekey rotation) and device list ages; tests pass a
 *                            fixed clock instead of waiting
 * @param deviceListMaxAge    how long a fetched device list of a contact whose pushes we do not get is used before it
 *                            is fetched again (lists pushed to us, and the own lists, are followed and never re-fetched
 *                            during a connection)
 * @param maintenanceInterval how often the account worker checks prekeys and the signed prekey while online
 * @param deviceIdRandom      source of a new device id (tests force a collision with it)
 */
public record OmemoOptions(Clock clock, Duration deviceListMaxAge, Duration maintenanceInterval, Random deviceIdRandom) {
    public OmemoOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(deviceIdRandom, "deviceIdRandom");
        if (deviceListMaxAge.isNegative() || maintenanceInterval.isNegative() || maintenanceInterval.isZero()) {
            throw new IllegalArgumentException("negative or zero durations in " + deviceListMaxAge + ", " + maintenanceInterval);
        }
    }

    /** System clock; device lists of contacts without pushes kept 5 minutes; maintenance every 6 hours. */
    public static OmemoOptions defaults() {
        return new OmemoOptions(Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofHours(6), new SecureRandom());
    }

    public OmemoOptions withClock(Clock newClock) {
        return new OmemoOptions(newClock, deviceListMaxAge, maintenanceInterval, deviceIdRandom);
    }

    public OmemoOptions withDeviceListMaxAge(Duration age) {
        return new OmemoOptions(clock, age, maintenanceInterval, deviceIdRandom);
    }

    public OmemoOptions withDeviceIdRandom(Random random) {
        return new OmemoOptions(clock, deviceListMaxAge, maintenanceInterval, random);
    }
}
