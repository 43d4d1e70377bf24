package org.sotto.crypto.omemo03;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.sotto.crypto.DecryptedKey;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.DeviceIdentity;
import org.sotto.crypto.DeviceIds;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.EncryptedPayload;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.PayloadEncryption;
import org.sotto.crypto.spi.OwnIdentity;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;

/** A Sotto device in a test: an in-memory store and the OMEMO 0.3 protocol over it. */
final class JavaDevice {
    final InMemoryOmemoStore store = new InMemoryOmemoStore();
    final Omemo03Protocol protocol;
    final DeviceAddress address;

    JavaDevice(String jid) throws OmemoException {
        this(jid, DeviceIds.generate(Set.of()));
    }

    JavaDevice(String jid, int deviceId) throws OmemoException {
        OwnIdentity own = new OwnIdentity(deviceId, DeviceIdentity.generate().seed());
        store.storeOwnIdentity(own);
        protocol = new Omemo03Protocol(jid, own, store);
        address = protocol.ownDevice();
    }

    /** A message encrypted once, its key for each recipient. */
    record Sent(EncryptedPayload payload, byte[] keyMaterial, List<EncryptedKey> keys) {
        EncryptedKey keyFor(int deviceId) {
            return keys.stream().filter(k -> k.recipientDeviceId() == deviceId).findFirst()
                    .orElseThrow(() -> new AssertionError("no key element for device " + deviceId));
        }
    }

    Sent send(String text, List<DeviceAddress> recipients) throws OmemoException {
        PayloadEncryption encryption = text == null ? protocol.keyTransport()
                : protocol.encryptPayload(text.getBytes(StandardCharsets.UTF_8));
        List<EncryptedKey> keys = new ArrayList<>();
        for (DeviceAddress recipient : recipients) {
            keys.add(protocol.encryptKey(recipient, encryption.keyMaterial()));
        }
        return new Sent(encryption.payload(), encryption.keyMaterial(), keys);
    }

    String receive(DeviceAddress sender, EncryptedPayload payload, EncryptedKey key) throws OmemoException {
        DecryptedKey decrypted = protocol.decryptKey(sender, key);
        return new String(protocol.decryptPayload(payload, decrypted.keyMaterial()), StandardCharsets.UTF_8);
    }
}
