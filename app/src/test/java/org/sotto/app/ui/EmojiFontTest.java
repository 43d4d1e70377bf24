package org.sotto.app.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Debian's Noto Color Emoji, read as the window reads it. */
class EmojiFontTest {
    private static EmojiFont font;
    private static byte[] file;

    @BeforeAll
    static void open() throws Exception {
        file = Files.readAllBytes(EmojiFont.DEBIAN_NOTO); // the tests need fonts-noto-color-emoji (setup-debian.sh)
        font = EmojiFont.open(EmojiFont.DEBIAN_NOTO).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"👍", "❤️", "❤", "😂", "🎉", "✅", "👍🏽", "👨‍👩‍👧", "🏳️‍🌈", "🇩🇪", "1️⃣", "#️⃣",
            "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "🧑🏿‍💻"})
    void eachEmojiIsOnePicture(String emoji) throws Exception {
        List<byte[]> pictures = font.pictures(emoji);
        assertEquals(1, pictures.size(), emoji + " is drawn as one glyph");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(pictures.get(0)));
        assertNotNull(image, "a PNG");
        assertEquals(136, image.getWidth());
        assertTrue(colours(image) > 10, "in colour");
    }

    @Test
    void sequencesTheFontDoesNotJoinAreDrawnPartByPart() {
        assertEquals(List.of(), font.pictures("a"));
        assertEquals(2, font.pictures("👍😂").size());
        // distinct pictures for different emoji, and a skin tone changes the picture
        assertFalse(Arrays.equals(font.pictures("👍").get(0), font.pictures("👍🏽").get(0)));
        assertArrayEquals(font.pictures("❤").get(0), font.pictures("❤️").get(0), "VS16 selects the same glyph");
    }

    @Test
    void aDamagedFileGivesNoPicturesAndNoException() {
        for (int cut : new int[] {0, 11, 100, 5_000, file.length / 2, file.length - 1}) {
            EmojiFont.parse(ByteBuffer.wrap(Arrays.copyOf(file, cut))).ifPresent(f -> f.pictures("👍🏽"));
        }
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] damaged = file.clone();
            for (int flips = 0; flips < 20; flips++) {
                damaged[random.nextInt(4_096)] = (byte) random.nextInt(); // the table directory and the tables' heads
            }
            EmojiFont.parse(ByteBuffer.wrap(damaged)).ifPresent(f -> {
                f.pictures("👍🏽");
                f.pictures("🇩🇪");
            });
        }
        byte[] noise = new byte[10_000];
        random.nextBytes(noise);
        assertTrue(EmojiFont.parse(ByteBuffer.wrap(noise)).isEmpty());
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
