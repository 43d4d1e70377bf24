package org.sotto.crypto.omemo2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.sotto.crypto.MalformedMessageException;
import org.sotto.crypto.OmemoException;

/** The OMEMO 2 payload's AES-256-CBC: only whole blocks, even under a matching HMAC (found by fuzzing). */
class Omemo2PayloadTest {
    private static final byte[] KEY = "thirty-two bytes of payload key!".getBytes(StandardCharsets.US_ASCII);

    @Test
    void anEmptyOrPartialCiphertextIsMalformedEvenWithAMatchingTag() {
        for (int length : new int[] {0, 1, 15, 17, 31}) {
            byte[] ciphertext = new byte[length];
            assertThrows(MalformedMessageException.class, () -> Omemo2Payload.decrypt(ciphertext, authentic(ciphertext)),
                    length + " bytes");
        }
    }

    @Test
    void aWholeBlockRoundTrips() throws OmemoException {
        Primitives.DerivedKeys keys = Primitives.DerivedKeys.derive(KEY, Primitives.info("OMEMO Payload"));
        byte[] ciphertext = Primitives.aesCbcEncrypt(keys.encryptionKey(), keys.iv(), "hi".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), Omemo2Payload.decrypt(ciphertext, authentic(ciphertext)));
    }

    /** Key material whose truncated HMAC matches {@code ciphertext}, as the sender would make it. */
    private static byte[] authentic(byte[] ciphertext) {
        Primitives.DerivedKeys keys = Primitives.DerivedKeys.derive(KEY, Primitives.info("OMEMO Payload"));
        byte[] tag = Primitives.truncatedTag(keys.authenticationKey(), ciphertext);
        byte[] material = Arrays.copyOf(KEY, KEY.length + tag.length);
        System.arraycopy(tag, 0, material, KEY.length, tag.length);
        return material;
    }
}
