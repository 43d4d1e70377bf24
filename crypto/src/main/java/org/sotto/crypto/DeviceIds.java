package org.sotto.crypto;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.Random;

/** Device ids: random, 31 bits, never 0, unique among the ids an account already has. */
public final class DeviceIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DeviceIds() {
    }

    /** A fresh device id that is none of {@code taken} (the ids on the account's device lists). */
    public static int generate(Collection<Integer> taken) {
        return generate(taken, RANDOM);
    }

    public static int generate(Collection<Integer> taken, Random random) {
        while (true) {
            int id = random.nextInt() & 0x7fffffff;
            if (id != 0 && !taken.contains(id)) {
                return id;
            }
        }
    }

    public static boolean isValid(int deviceId) {
        return deviceId > 0;
    }

    static int requireValid(int deviceId) {
        if (!isValid(deviceId)) {
            throw new IllegalArgumentException("a device id is 1 .. 2^31-1, got " + deviceId);
        }
        return deviceId;
    }
}
