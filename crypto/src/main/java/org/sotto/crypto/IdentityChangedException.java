package org.sotto.crypto;

/**
 * A known device (JID and device id) presented a different identity key than the one on record. Never accepted
 * silently: the new key is refused, and the user must decide (e.g. remove the device and trust it anew).
 */
public class IdentityChangedException extends OmemoException {
    private final DeviceAddress device;
    private final Fingerprint known;
    private final Fingerprint presented;

    public IdentityChangedException(DeviceAddress device, Fingerprint known, Fingerprint presented) {
        super("device " + device + " presented identity " + presented + " but " + known + " is on record");
        this.device = device;
        this.known = known;
        this.presented = presented;
    }

    public DeviceAddress device() {
        return device;
    }

    public Fingerprint known() {
        return known;
    }

    public Fingerprint presented() {
        return presented;
    }
}
