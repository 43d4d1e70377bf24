package org.sotto.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DeviceLabelsTest {
    @Test
    void aLabelCountsOnlyWithTheDevicesOwnSignature() {
        for (int i = 0; i < 20; i++) { // both signs of the Ed25519 key occur among 20 identities
            DeviceIdentity device = DeviceIdentity.generate();
            byte[] signature = device.signEd25519("Gajim on Debian".getBytes(StandardCharsets.UTF_8));
            assertTrue(DeviceLabels.verify(device.fingerprint(), "Gajim on Debian", signature));
            assertFalse(DeviceLabels.verify(device.fingerprint(), "Gajim on Debian!", signature), "another label");
            assertFalse(DeviceLabels.verify(DeviceIdentity.generate().fingerprint(), "Gajim on Debian", signature),
                    "another device's key");
            byte[] flipped = signature.clone();
            flipped[10] ^= 1;
            assertFalse(DeviceLabels.verify(device.fingerprint(), "Gajim on Debian", flipped));
        }
        DeviceIdentity device = DeviceIdentity.generate();
        assertFalse(DeviceLabels.verify(device.fingerprint(), "x", new byte[63]), "short signature");
        String tooLong = "x".repeat(DeviceLabels.MAX_LENGTH + 1);
        assertFalse(DeviceLabels.verify(device.fingerprint(), tooLong,
                device.signEd25519(tooLong.getBytes(StandardCharsets.UTF_8))), "over the length bound");
    }
}
