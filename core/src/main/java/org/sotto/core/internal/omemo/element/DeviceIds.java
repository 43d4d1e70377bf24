package org.sotto.core.internal.omemo.element;

/** OMEMO device ids and key ids: positive 31-bit integers, never 0. */
final class DeviceIds {
    private DeviceIds() {
    }

    static int require(int id, String what) {
        if (id <= 0) {
            throw new IllegalArgumentException(what + " must be between 1 and 2^31-1, got " + id);
        }
        return id;
    }
}
