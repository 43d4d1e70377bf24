package org.sotto.crypto;

/** The trust decision for one device and the identity key it was made for. */
public record TrustRecord(DeviceAddress device, Fingerprint identity, TrustLevel level) {
    public TrustRecord {
        if (device == null || identity == null || level == null) {
            throw new IllegalArgumentException("a trust record needs a device, an identity and a level");
        }
    }

    public TrustRecord withLevel(TrustLevel newLevel) {
        return new TrustRecord(device, identity, newLevel);
    }
}
