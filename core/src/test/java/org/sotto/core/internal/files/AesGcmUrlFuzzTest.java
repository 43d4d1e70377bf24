package org.sotto.core.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A message body claiming to be a shared file ({@code aesgcm://} URL, XEP-0454), fuzzed. Contract:
 * {@link AesGcmUrl#parse} gives a URL or an {@link IllegalArgumentException} (never another exception); a parsed
 * URL is HTTPS with a host, a 12-byte IV and a 32-byte key, and writes back to text that parses to the same;
 * {@link AesGcmUrl#isSharedFile} answers for any body without an exception.
 */
class AesGcmUrlFuzzTest {

    @FuzzTest
    void aesgcmUrl(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        AesGcmUrl.isSharedFile(text);
        AesGcmUrl url;
        try {
            url = AesGcmUrl.parse(text);
        } catch (IllegalArgumentException expected) {
            return;
        }
        assertEquals("https", url.httpsUrl().getScheme().toLowerCase(java.util.Locale.ROOT));
        assertFalse(url.httpsUrl().getHost() == null || url.httpsUrl().getHost().isEmpty());
        assertEquals(12, url.key().iv().length);
        assertEquals(32, url.key().key().length);
        String written = url.toString();
        assertEquals(written, AesGcmUrl.parse(written).toString(), "written back and read again");
    }
}
