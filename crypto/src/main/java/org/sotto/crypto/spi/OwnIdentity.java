package org.sotto.crypto.spi;

/** This device's id and the seed of its identity key (see {@link org.sotto.crypto.DeviceIdentity}). */
public record OwnIdentity(int deviceId, byte[] identitySeed) {
    public OwnIdentity {
        if (deviceId <= 0) {
            throw new IllegalArgumentException("a device id is 1 .. 2^31-1, got " + deviceId);
        }
        if (identitySeed == null || identitySeed.length != 32) {
            throw new IllegalArgumentException("an identity seed is 32 bytes");
        }
        identitySeed = identitySeed.clone();
    }

    @Override
    public byte[] identitySeed() {
        return identitySeed.clone();
    }

    @Override
    public String toString() {
        return "OwnIdentity[deviceId=" + deviceId + "]"; // never the seed
    }
}
