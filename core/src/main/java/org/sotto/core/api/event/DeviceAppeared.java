package org.sotto.core.api.event;

/**
 * A device joined the device list of a contact (or of the user's own account) that already had devices known to
 * this profile: before the next message to them, its trust must be decided (by the user, or blindly per the
 * contact's setting). Not sent for the first list ever seen of a JID, nor for this device itself.
 * {@code Trust.knownDevices(jid)} has the device once its key is fetched.
 */
public record DeviceAppeared(String account, String jid, int deviceId) implements SottoEvent {
}
