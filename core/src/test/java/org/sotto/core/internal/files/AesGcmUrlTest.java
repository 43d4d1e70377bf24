package org.sotto.core.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AesGcmUrlTest {
    private static final String SPEC_EXAMPLE = "aesgcm://download.montague.tld/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/"
            + "tr%C3%A8s%20cool.jpg#8c3d050e9386ec173861778f68e9af38a97aaf82faa4063b4d0878a61261534410c8a84331eaac851759f587";

    @Test
    void theSpecsExampleParsesAndFormatsBack() {
        AesGcmUrl url = AesGcmUrl.parse(SPEC_EXAMPLE);
        assertEquals(URI.create("https://download.montague.tld/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/tr%C3%A8s%20cool.jpg"),
                url.httpsUrl());
        assertEquals("8c3d050e9386ec173861778f", HexFormat.of().formatHex(url.key().iv()));
        assertEquals("68e9af38a97aaf82faa4063b4d0878a61261534410c8a84331eaac851759f587",
                HexFormat.of().formatHex(url.key().key()));
        assertEquals(SPEC_EXAMPLE, url.toString());
        assertTrue(AesGcmUrl.isSharedFile(SPEC_EXAMPLE));
        assertTrue(AesGcmUrl.isSharedFile(SPEC_EXAMPLE + "\ndata:image/jpeg,/9j/4AAQ"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://download.montague.tld/file.jpg#8c3d050e9386ec173861778f68e9af38a97aaf82faa4063b4d0878a61261534410c8a84331eaac851759f587",
            "aesgcm://download.montague.tld/file.jpg",
            "aesgcm://download.montague.tld/file.jpg#8c3d050e9386ec173861778f",
            "aesgcm://download.montague.tld/file.jpg#zz3d050e9386ec173861778f68e9af38a97aaf82faa4063b4d0878a61261534410c8a84331eaac851759f587",
            "aesgcm:///file.jpg#8c3d050e9386ec173861778f68e9af38a97aaf82faa4063b4d0878a61261534410c8a84331eaac851759f587",
    })
    void malformedUrlsAreRefusedWithAReason(String text) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> AesGcmUrl.parse(text));
        assertFalse(error.getMessage().isBlank());
        assertFalse(AesGcmUrl.isSharedFile(text));
    }

    @Test
    void aBodyWithMoreThanTheUrlIsNotASharedFile() {
        assertFalse(AesGcmUrl.isSharedFile("look: " + SPEC_EXAMPLE));
        assertFalse(AesGcmUrl.isSharedFile(SPEC_EXAMPLE + "\nand some words"));
    }
}
