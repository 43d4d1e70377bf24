package org.sotto.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class FingerprintTest {

    private static byte[] sequence() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) (i * 7);
        }
        return key;
    }

    @Test
    void displaysAsEightGroupsOfEightLowerCaseHexDigits() {
        Fingerprint fingerprint = new Fingerprint(sequence());
        assertEquals("00070e15 1c232a31 383f464d 545b6269 70777e85 8c939aa1 a8afb6bd c4cbd2d9", fingerprint.display());
        assertEquals("00070e151c232a31383f464d545b626970777e858c939aa1a8afb6bdc4cbd2d9", fingerprint.hex());
    }

    @Test
    void parsesWhatItDisplaysWhateverTheCaseSpacesOrColons() {
        Fingerprint fingerprint = new Fingerprint(sequence());
        assertEquals(fingerprint, Fingerprint.parse(fingerprint.display()));
        assertEquals(fingerprint, Fingerprint.parse(fingerprint.display().toUpperCase()));
        assertEquals(fingerprint, Fingerprint.parse(fingerprint.hex().replaceAll("(..)", "$1:")));
        assertEquals(fingerprint.hashCode(), Fingerprint.parse(fingerprint.hex()).hashCode());
    }

    @Test
    void refusesWrongLengthsAndNonHex() {
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.parse("00070e15"));
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.parse(new Fingerprint(sequence()).hex() + "00"));
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.parse("g".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> new Fingerprint(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new Fingerprint(null));
    }

    @Test
    void isImmutable() {
        byte[] key = sequence();
        Fingerprint fingerprint = new Fingerprint(key);
        key[0] = 99;
        fingerprint.key()[1] = 99;
        assertEquals(new Fingerprint(sequence()), fingerprint);
    }

    @Test
    void oneDeviceHasOneFingerprintInBothForms() throws Exception {
        for (int i = 0; i < 20; i++) {
            DeviceIdentity identity = DeviceIdentity.generate();
            assertEquals(identity.fingerprint(), Fingerprint.ofEd25519(identity.ed25519PublicKey()));
            assertEquals(identity.fingerprint(), Fingerprint.ofCurve25519(identity.curve25519PublicKey()));
            // and back: the Curve25519 form plus the sign bit is the Ed25519 key
            assertArrayEquals(identity.ed25519PublicKey(), IdentityKeys.curve25519ToEd25519(
                    identity.curve25519PublicKey(), IdentityKeys.signBit(identity.ed25519PublicKey())));
        }
        assertNotEquals(DeviceIdentity.generate().fingerprint(), DeviceIdentity.generate().fingerprint());
    }

    @Test
    void knownVector() throws Exception {
        // RFC 8032 test 1: the seed 9d61…7f60 has the Ed25519 public key d75a…511a
        DeviceIdentity identity = DeviceIdentity.fromSeed(HexFormat.of()
                .parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                HexFormat.of().formatHex(identity.ed25519PublicKey()));
        assertArrayEquals(identity.curve25519PublicKey(), IdentityKeys.ed25519ToCurve25519(identity.ed25519PublicKey()));
    }

    @Test
    void wrongKeyLengthsAreTyped() {
        assertThrows(InvalidKeyLengthException.class, () -> Fingerprint.ofEd25519(new byte[33]));
        assertThrows(InvalidKeyLengthException.class, () -> IdentityKeys.curve25519ToEd25519(new byte[31], false));
        assertThrows(InvalidKeyLengthException.class, () -> DeviceIdentity.fromSeed(new byte[16]));
    }
}
