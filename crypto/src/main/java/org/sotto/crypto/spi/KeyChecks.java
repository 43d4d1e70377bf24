package org.sotto.crypto.spi;

final class KeyChecks {
    private KeyChecks() {
    }

    static void id(int id) {
        if (id <= 0) {
            throw new IllegalArgumentException("a prekey id is 1 .. 2^31-1, got " + id);
        }
    }

    static byte[] key32(byte[] key, String what) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("a " + what + " is 32 bytes, got " + (key == null ? "none" : key.length));
        }
        return key.clone();
    }
}
