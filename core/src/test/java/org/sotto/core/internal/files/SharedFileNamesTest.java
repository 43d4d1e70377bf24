package org.sotto.core.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Names that come from URLs or go to the upload server. */
class SharedFileNamesTest {
    @Test
    void aNameFromAUrlIsOneDecodedSegmentAndNeverAPath() {
        assertEquals("très cool.jpg", SharedFile.nameOf(URI.create("https://d.example/4a77/tr%C3%A8s%20cool.jpg")));
        assertEquals("passwd", SharedFile.nameOf(URI.create("https://d.example/x/%2F..%2F..%2Fetc%2Fpasswd")));
        assertEquals("file", SharedFile.nameOf(URI.create("https://d.example/x/")));
        assertEquals("file", SharedFile.nameOf(URI.create("https://d.example/..")));
        assertEquals("a_b", SharedFile.nameOf(URI.create("https://d.example/a%0Ab")));
    }

    @Test
    void theUploadServerSeesARandomNameWithTheExtension() {
        String name = FileService.slotName(Path.of("/home/me/Holiday Photo.JPG"));
        assertTrue(name.matches("[0-9a-f-]{36}\\.JPG"), name);
        assertTrue(FileService.slotName(Path.of("README")).matches("[0-9a-f-]{36}"));
        assertTrue(FileService.slotName(Path.of("x.a b<c")).matches("[0-9a-f-]{36}\\.abc"));
        assertTrue(FileService.slotName(Path.of("archive.this-is-no-extension")).matches("[0-9a-f-]{36}"));
    }
}
