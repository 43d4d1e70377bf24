package org.sotto.app.ui;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.text.Text;

/**
 * Emoji in colour: JavaFX 21 on Linux cannot draw a colour emoji font (the glyphs come out blank), so each emoji is
 * shown as the picture the system's Noto Color Emoji holds for it ({@link EmojiFont}). Without that font, or for an
 * emoji it lacks, the text stays text. JavaFX thread (the pictures are cached there).
 */
public final class Emoji {
    /** The key under which an emoji node keeps the characters it stands for ({@code String}). */
    public static final String SOURCE = "sotto.emoji.source";
    /** Emoji whose decoded pictures are kept (each ~10 KB at {@link #DECODED_PX}). */
    static final int CACHE = 400;
    /** Pictures are decoded at this height: sharp up to 24 px at 2× scale. */
    static final int DECODED_PX = 48;
    private static final int ZWJ = 0x200D;
    private static final int VS16 = 0xFE0F;
    private static final int KEYCAP = 0x20E3;

    private static final Map<String, List<Image>> IMAGES = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Image>> eldest) {
            return size() > CACHE;
        }
    };

    private Emoji() {
    }

    /** Where distributions put Noto Color Emoji in its CBDT form (Debian and Ubuntu, Fedora, Arch). */
    static final List<Path> FONT_FILES = List.of(EmojiFont.DEBIAN_NOTO,
            Path.of("/usr/share/fonts/google-noto-color-emoji-fonts/NotoColorEmoji.ttf"),
            Path.of("/usr/share/fonts/noto/NotoColorEmoji.ttf"));

    /** The system's colour emoji font, mapped once and its tables read (~0.1 s; {@link #preload} does it early). */
    private static final class Font {
        static final Optional<EmojiFont> FONT = FONT_FILES.stream().filter(Files::isRegularFile).findFirst()
                .flatMap(EmojiFont::open);
    }

    /** Reads the font now, so the first emoji shown does not wait for it; any thread. */
    public static void preload() {
        Font.FONT.isPresent();
    }

    /** Whether emoji are drawn in colour here. */
    public static boolean available() {
        return Font.FONT.isPresent();
    }

    /** One piece of a text: plain text, or one emoji (with its modifiers and joined parts). */
    public record Segment(String text, boolean emoji) {
    }

    /** Splits a text into plain runs and emoji; without the font, one plain run. */
    public static List<Segment> split(String text) {
        List<Segment> segments = new ArrayList<>();
        if (Font.FONT.isEmpty()) {
            segments.add(new Segment(text, false));
            return segments;
        }
        EmojiFont font = Font.FONT.get();
        int plainFrom = 0;
        int i = 0;
        while (i < text.length()) {
            int end = emojiEnd(text, i, font);
            if (end > i) {
                if (plainFrom < i) {
                    segments.add(new Segment(text.substring(plainFrom, i), false));
                }
                segments.add(new Segment(text.substring(i, end), true));
                i = end;
                plainFrom = end;
            } else {
                i += Character.charCount(text.codePointAt(i));
            }
        }
        if (plainFrom < text.length()) {
            segments.add(new Segment(text.substring(plainFrom), false));
        }
        return segments;
    }

    /** Where the emoji that starts at {@code i} ends, or {@code i} when none starts there. */
    static int emojiEnd(String text, int i, EmojiFont font) {
        int cp = text.codePointAt(i);
        int next = i + Character.charCount(cp);
        int after = next < text.length() ? text.codePointAt(next) : -1;
        if (cp >= '0' && cp <= '9' || cp == '#' || cp == '*') { // a keycap: digit, VS16, U+20E3
            int at = after == VS16 ? next + 1 : next;
            return at < text.length() && text.codePointAt(at) == KEYCAP ? at + 1 : i;
        }
        if (!font.has(cp) || !(emojiByDefault(cp) || after == VS16)) {
            return i;
        }
        int end = next;
        if (cp >= 0x1F1E6 && cp <= 0x1F1FF && after >= 0x1F1E6 && after <= 0x1F1FF) {
            return end + Character.charCount(after); // a flag: two regional indicators
        }
        while (end < text.length()) {
            int c = text.codePointAt(end);
            if (c == VS16 || c >= 0x1F3FB && c <= 0x1F3FF || c >= 0xE0020 && c <= 0xE007F) {
                end += Character.charCount(c); // presentation, skin tone, tag (subdivision flags)
            } else if (c == ZWJ && end + 1 < text.length() && font.has(text.codePointAt(end + 1))) {
                end += 1 + Character.charCount(text.codePointAt(end + 1));
            } else {
                break;
            }
        }
        return end;
    }

    /** Code points drawn as emoji without VS16 (Unicode's Emoji_Presentation, the ranges people meet). */
    private static boolean emojiByDefault(int cp) {
        if (cp >= 0x1F000) {
            return cp < 0x1F3FB || cp > 0x1F3FF;
        }
        return switch (cp) {
            case 0x231A, 0x231B, 0x23E9, 0x23EA, 0x23EB, 0x23EC, 0x23F0, 0x23F3, 0x25FD, 0x25FE, 0x2614, 0x2615,
                 0x267F, 0x2693, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE, 0x26D4, 0x26EA,
                 0x26F2, 0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A, 0x270B, 0x2728, 0x274C, 0x274E, 0x2753,
                 0x2754, 0x2755, 0x2757, 0x2795, 0x2796, 0x2797, 0x27B0, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B55 -> true;
            default -> cp >= 0x2648 && cp <= 0x2653; // the zodiac
        };
    }

    /** The pictures of one emoji: one, or its parts when the font does not join them; empty without any. */
    public static List<Image> images(String emoji) {
        return IMAGES.computeIfAbsent(emoji, e -> Font.FONT.map(font -> {
            List<Image> images = new ArrayList<>();
            for (byte[] png : font.pictures(e)) {
                Image image = new Image(new ByteArrayInputStream(png), 0, DECODED_PX, true, true);
                if (!image.isError()) {
                    images.add(image);
                }
            }
            return List.copyOf(images);
        }).orElse(List.of()));
    }

    /**
     * A node that shows one emoji {@code size} px high: its picture (or pictures side by side), or the text when the
     * font has none. It carries the emoji as its accessible text.
     */
    public static Node node(String emoji, double size) {
        List<Image> images = images(emoji);
        if (images.isEmpty()) {
            return new Text(emoji);
        }
        if (images.size() == 1) {
            return view(images.get(0), size, emoji);
        }
        HBox box = new HBox();
        images.forEach(image -> box.getChildren().add(view(image, size, emoji)));
        box.setAccessibleText(emoji);
        box.getProperties().put(SOURCE, emoji);
        return box;
    }

    private static ImageView view(Image image, double size, String emoji) {
        ImageView view = new ImageView(image);
        view.setFitHeight(size);
        view.setPreserveRatio(true);
        view.setSmooth(true);
        view.setAccessibleText(emoji);
        view.getStyleClass().add("emoji");
        view.getProperties().put(SOURCE, emoji);
        return view;
    }
}
