package org.sotto.core.api.chat;

/**
 * The encryption state of a chat (what the next message would be) and of every stored message; the GUI only renders
 * it.
 * <ul>
 * <li>E2EE_VERIFIED, E2EE_TRUSTED: encrypted for devices that are all verified, or trusted (some only blindly).</li>
 * <li>E2EE_UNTRUSTED_DEVICES: a chat whose next send waits for the user's decision on a device (or only distrusted
 * devices are left); on a received message: its device is undecided.</li>
 * <li>E2EE_DISTRUSTED: a received message from a device the user distrusted.</li>
 * <li>DEVICES_UNKNOWN: a chat meant to be encrypted (the user did not choose plaintext) for which no device to
 * encrypt for is known yet: the contact's device list was never fetched (or lists none), or a room's members' devices or
 * the room's features are not known yet. The next send fetches the devices and fails, sending nothing, if the
 * contact has no OMEMO. On a message written while offline: it waits to be encrypted when it goes out. Never shown
 * as plaintext, nor as trusted.</li>
 * <li>ENCRYPTION_UNAVAILABLE: a chat meant to be encrypted in which nothing can be encrypted: a room that is not
 * members-only and non-anonymous (OMEMO needs its members' real JIDs). Every send fails, sending nothing, until the user chooses
 * plaintext for it. A chat state only.</li>
 * <li>PLAINTEXT: the user chose plaintext for the chat; on a received message: it came unencrypted.</li>
 * <li>UNDECRYPTABLE: a received message that could not be decrypted ({@link ChatMessage#undecryptable()}).</li>
 * </ul>
 * Only the E2EE_ values are end-to-end encrypted; neither E2EE_UNTRUSTED_DEVICES nor E2EE_DISTRUSTED is shown as
 * trusted. DEVICES_UNKNOWN and ENCRYPTION_UNAVAILABLE carry no E2EE_ prefix on purpose: nothing is encrypted yet.
 */
public enum Encryption {
    E2EE_VERIFIED, E2EE_TRUSTED, E2EE_UNTRUSTED_DEVICES, E2EE_DISTRUSTED, DEVICES_UNKNOWN, ENCRYPTION_UNAVAILABLE,
    PLAINTEXT, UNDECRYPTABLE
}
