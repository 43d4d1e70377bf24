package org.sotto.app.ui;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The pictures of a colour emoji font in the OpenType CBDT/CBLC format (Noto Color Emoji, Debian's
 * {@code fonts-noto-color-emoji}): JavaFX 21 cannot draw such a font, but each of its glyphs is a PNG, which it can.
 * Reads the character map (formats 4 and 12), the GSUB ligatures (type 4, also behind type 7 extensions) that join
 * sequences (ZWJ, skin tones, flags, keycaps) into one glyph, and the bitmap index (index formats 1–5, image formats
 * 17–19). Every read is bounds-checked: a damaged file gives no pictures, never an exception.
 */
public final class EmojiFont {
    private static final Logger LOG = Logger.getLogger(EmojiFont.class.getName());
    /** Where Debian puts Noto Color Emoji. */
    public static final Path DEBIAN_NOTO = Path.of("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf");
    /** Larger files are not read (Noto Color Emoji is 11 MB). */
    static final long MAX_FILE_BYTES = 64L << 20;
    private static final int VS16 = 0xFE0F;

    private final ByteBuffer font;
    private final Map<Integer, Integer> glyphs; // code point → glyph
    private final List<Map<Integer, List<int[]>>> ligatures; // per lookup: first glyph → [components..., ligature]
    /**
     * Glyph → {offset in the file, length, metrics' length} of its CBDT record. The PNG's own length, inside the
     * record, is read when the picture is asked for: reading it for every glyph here would bring the whole mapped
     * file (~10 MiB) into memory.
     */
    private final Map<Integer, int[]> bitmaps;

    private EmojiFont(ByteBuffer font, Map<Integer, Integer> glyphs, List<Map<Integer, List<int[]>>> ligatures,
                      Map<Integer, int[]> bitmaps) {
        this.font = font;
        this.glyphs = glyphs;
        this.ligatures = ligatures;
        this.bitmaps = bitmaps;
    }

    /** The font at {@code file}; empty if it is missing, too large or not a CBDT colour font. */
    public static Optional<EmojiFont> open(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > MAX_FILE_BYTES) {
                LOG.info(() -> file + " is larger than " + MAX_FILE_BYTES + " bytes: no colour emoji");
                return Optional.empty();
            }
            // mapped, not read: only the tables and the pictures shown take memory
            return parse(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
        } catch (IOException e) {
            LOG.fine(() -> "no colour emoji font at " + file + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The font in {@code bytes}; empty if it is not a CBDT colour font or is damaged. */
    public static Optional<EmojiFont> parse(ByteBuffer bytes) {
        try {
            Map<String, int[]> tables = tables(bytes);
            int[] cmap = tables.get("cmap");
            int[] cblc = tables.get("CBLC");
            int[] cbdt = tables.get("CBDT");
            if (cmap == null || cblc == null || cbdt == null) {
                return Optional.empty();
            }
            Map<Integer, Integer> glyphs = characterMap(bytes, cmap[0]);
            Map<Integer, int[]> bitmaps = bitmaps(bytes, cblc[0], cbdt[0], cbdt[0] + cbdt[1]);
            int[] gsub = tables.get("GSUB");
            List<Map<Integer, List<int[]>>> ligatures = gsub == null ? List.of() : ligatures(bytes, gsub[0]);
            if (glyphs.isEmpty() || bitmaps.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new EmojiFont(bytes, glyphs, ligatures, bitmaps));
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            LOG.log(Level.INFO, "the colour emoji font is damaged: no colour emoji", e);
            return Optional.empty();
        }
    }

    /** Whether the font has a glyph for this code point. */
    public boolean has(int codePoint) {
        return glyphs.containsKey(codePoint);
    }

    /**
     * The PNG pictures that draw {@code sequence} (one emoji with its modifiers, or a ZWJ sequence): one when the font
     * joins it into one glyph, else one per part it has a picture for; empty when it has none.
     */
    public List<byte[]> pictures(String sequence) {
        List<Integer> shaped = shape(sequence);
        List<byte[]> pictures = new ArrayList<>();
        try {
            for (int glyph : shaped) {
                int[] record = bitmaps.get(glyph);
                int[] png = record == null ? null : picture(font, record);
                if (png != null) {
                    byte[] bytes = new byte[png[1]];
                    font.get(png[0], bytes);
                    pictures.add(bytes);
                }
            }
        } catch (InternalError e) { // the mapped file was cut short under us (a package upgrade gone wrong)
            return List.of();
        }
        return pictures;
    }

    /** The glyphs of {@code sequence} after the font's ligatures; code points it lacks (VS16, ZWJ) are left out. */
    List<Integer> shape(String sequence) {
        List<Integer> run = new ArrayList<>();
        sequence.codePoints().forEach(cp -> {
            Integer glyph = glyphs.get(cp);
            if (glyph != null) {
                run.add(glyph);
            } else if (cp != VS16) {
                run.add(-1); // a part the font lacks still separates what is around it
            }
        });
        for (Map<Integer, List<int[]>> lookup : ligatures) {
            for (int i = 0; i < run.size(); i++) {
                List<int[]> candidates = lookup.get(run.get(i));
                if (candidates == null) {
                    continue;
                }
                for (int[] ligature : candidates) {
                    int components = ligature.length; // run[i], then the others the entry lists before its result
                    if (i + components > run.size()) {
                        continue;
                    }
                    boolean matches = true;
                    for (int c = 1; c < components && matches; c++) {
                        matches = run.get(i + c) == ligature[c - 1];
                    }
                    if (matches) {
                        run.subList(i, i + components).clear();
                        run.add(i, ligature[components - 1]);
                        break;
                    }
                }
            }
        }
        run.removeIf(glyph -> glyph < 0);
        return run;
    }

    // ---------------------------------------------------------------------------------------------- the tables

    private static Map<String, int[]> tables(ByteBuffer b) {
        int count = u16(b, 4);
        Map<String, int[]> tables = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int record = 12 + 16 * i;
            byte[] tag = new byte[4];
            b.get(record, tag);
            int offset = (int) u32(b, record + 8);
            int length = (int) u32(b, record + 12);
            if (offset < 0 || length < 0 || (long) offset + length > b.limit()) {
                throw new IllegalArgumentException("table outside the file");
            }
            tables.put(new String(tag, StandardCharsets.ISO_8859_1), new int[] {offset, length});
        }
        return tables;
    }

    private static Map<Integer, Integer> characterMap(ByteBuffer b, int cmap) {
        int count = u16(b, cmap + 2);
        int format12 = -1;
        int format4 = -1;
        for (int i = 0; i < count; i++) {
            int record = cmap + 4 + 8 * i;
            int sub = cmap + (int) u32(b, record + 4);
            int format = u16(b, sub);
            if (format == 12) {
                format12 = sub;
            } else if (format == 4) {
                format4 = sub;
            }
        }
        Map<Integer, Integer> glyphs = new HashMap<>();
        if (format12 >= 0) {
            long groups = u32(b, format12 + 12);
            if (groups > b.limit() / 12) {
                throw new IllegalArgumentException("too many cmap groups");
            }
            long mapped = 0;
            for (int g = 0; g < groups; g++) {
                int at = format12 + 16 + 12 * g;
                long start = u32(b, at);
                long end = u32(b, at + 4);
                long glyph = u32(b, at + 8);
                mapped += end - start + 1;
                if (end < start || end > 0x10FFFF || mapped > 0x110000) { // no more than all of Unicode
                    throw new IllegalArgumentException("bad cmap group");
                }
                for (long cp = start; cp <= end; cp++) {
                    glyphs.put((int) cp, (int) (glyph + cp - start));
                }
            }
        } else if (format4 >= 0) {
            int segments = u16(b, format4 + 6) / 2;
            int ends = format4 + 14;
            int starts = ends + 2 * segments + 2;
            int deltas = starts + 2 * segments;
            int rangeOffsets = deltas + 2 * segments;
            for (int s = 0; s < segments; s++) {
                int end = u16(b, ends + 2 * s);
                int start = u16(b, starts + 2 * s);
                int delta = (short) u16(b, deltas + 2 * s);
                int rangeOffset = u16(b, rangeOffsets + 2 * s);
                for (int cp = start; cp <= end && cp != 0xFFFF; cp++) {
                    int glyph = rangeOffset == 0 ? (cp + delta) & 0xFFFF
                            : u16(b, rangeOffsets + 2 * s + rangeOffset + 2 * (cp - start));
                    if (glyph != 0) {
                        glyphs.put(cp, rangeOffset == 0 ? glyph : (glyph + delta) & 0xFFFF);
                    }
                }
            }
        }
        return glyphs;
    }

    /** Glyph → {file offset, length} of its PNG, from the first (largest) strike. */
    private static Map<Integer, int[]> bitmaps(ByteBuffer b, int cblc, int cbdt, int cbdtEnd) {
        if (u32(b, cblc + 4) < 1) {
            return Map.of();
        }
        int size = cblc + 8; // the first BitmapSize record
        int array = cblc + (int) u32(b, size);
        long subtables = u32(b, size + 8);
        if (subtables > 65_536) {
            throw new IllegalArgumentException("too many index subtables");
        }
        Map<Integer, int[]> pictures = new HashMap<>();
        for (int s = 0; s < subtables; s++) {
            int record = array + 8 * s;
            int first = u16(b, record);
            int last = u16(b, record + 2);
            int sub = array + (int) u32(b, record + 4);
            int indexFormat = u16(b, sub);
            int imageFormat = u16(b, sub + 2);
            int imageData = cbdt + (int) u32(b, sub + 4);
            if (last < first) {
                throw new IllegalArgumentException("bad glyph range");
            }
            switch (indexFormat) {
                case 1, 3 -> {
                    int width = indexFormat == 1 ? 4 : 2;
                    for (int g = first; g <= last; g++) {
                        int at = sub + 8 + width * (g - first);
                        long from = width == 4 ? u32(b, at) : u16(b, at);
                        long to = width == 4 ? u32(b, at + width) : u16(b, at + width);
                        put(b, pictures, g, imageFormat, imageData + from, to - from, cbdtEnd);
                    }
                }
                case 2 -> {
                    long imageSize = u32(b, sub + 8);
                    for (int g = first; g <= last; g++) {
                        put(b, pictures, g, imageFormat, imageData + imageSize * (g - first), imageSize, cbdtEnd);
                    }
                }
                case 4 -> {
                    long glyphCount = u32(b, sub + 8);
                    for (int i = 0; i < glyphCount && i <= 65_535; i++) {
                        int at = sub + 12 + 4 * i;
                        int from = u16(b, at + 2);
                        int to = u16(b, at + 6);
                        put(b, pictures, u16(b, at), imageFormat, imageData + from, to - from, cbdtEnd);
                    }
                }
                case 5 -> {
                    long imageSize = u32(b, sub + 8);
                    long glyphCount = u32(b, sub + 20);
                    for (int i = 0; i < glyphCount && i <= 65_535; i++) {
                        put(b, pictures, u16(b, sub + 24 + 2 * i), imageFormat, imageData + imageSize * i, imageSize,
                                cbdtEnd);
                    }
                }
                default -> {
                    // another index format: those glyphs have no picture
                }
            }
        }
        return pictures;
    }

    /** Records where the PNG of one glyph's bitmap data (image format 17, 18 or 19) lies. */
    private static void put(ByteBuffer b, Map<Integer, int[]> pictures, int glyph, int imageFormat, long at, long length,
                            int end) {
        if (length <= 0 || at < 0 || at + length > end) {
            return;
        }
        int header = switch (imageFormat) {
            case 17 -> 5; // small glyph metrics
            case 18 -> 8; // big glyph metrics
            case 19 -> 0; // metrics in the index
            default -> -1;
        };
        if (header < 0) {
            return;
        }
        if (header + 4 >= length) {
            return;
        }
        pictures.put(glyph, new int[] {(int) at, (int) length, header});
    }

    /** {offset, length} of the PNG in a glyph's CBDT record; null if the record's data length does not fit it. */
    private static int[] picture(ByteBuffer b, int[] record) {
        int at = record[0];
        int header = record[2];
        long dataLength = u32(b, at + header);
        long data = (long) at + header + 4;
        if (dataLength <= 0 || data + dataLength > (long) at + record[1]) {
            return null;
        }
        return new int[] {(int) data, (int) dataLength};
    }

    /** Per ligature lookup (in the font's order): first glyph → its ligatures, each {other components..., result}. */
    private static List<Map<Integer, List<int[]>>> ligatures(ByteBuffer b, int gsub) {
        int lookupList = gsub + u16(b, gsub + 8);
        int lookups = u16(b, lookupList);
        List<Map<Integer, List<int[]>>> result = new ArrayList<>();
        for (int l = 0; l < lookups; l++) {
            int lookup = lookupList + u16(b, lookupList + 2 + 2 * l);
            int type = u16(b, lookup);
            int subtables = u16(b, lookup + 4);
            Map<Integer, List<int[]>> byFirst = new HashMap<>();
            for (int s = 0; s < subtables; s++) {
                int sub = lookup + u16(b, lookup + 6 + 2 * s);
                int subType = type;
                if (type == 7) { // extension: the real subtable is further on
                    subType = u16(b, sub + 2);
                    sub = sub + (int) u32(b, sub + 4);
                }
                if (subType == 4 && u16(b, sub) == 1) {
                    ligatureSubtable(b, sub, byFirst);
                }
            }
            if (!byFirst.isEmpty()) {
                result.add(byFirst);
            }
        }
        return result;
    }

    private static void ligatureSubtable(ByteBuffer b, int sub, Map<Integer, List<int[]>> byFirst) {
        int[] covered = coverage(b, sub + u16(b, sub + 2));
        int sets = u16(b, sub + 4);
        for (int s = 0; s < sets && s < covered.length; s++) {
            int set = sub + u16(b, sub + 6 + 2 * s);
            int count = u16(b, set);
            for (int i = 0; i < count; i++) {
                int ligature = set + u16(b, set + 2 + 2 * i);
                int result = u16(b, ligature);
                int components = u16(b, ligature + 2);
                if (components < 2) {
                    continue;
                }
                int[] entry = new int[components];
                for (int c = 0; c < components - 1; c++) {
                    entry[c] = u16(b, ligature + 4 + 2 * c);
                }
                entry[components - 1] = result;
                byFirst.computeIfAbsent(covered[s], g -> new ArrayList<>()).add(entry);
            }
        }
    }

    /** The glyphs of a coverage table, in coverage-index order. */
    private static int[] coverage(ByteBuffer b, int at) {
        int format = u16(b, at);
        int count = u16(b, at + 2);
        if (format == 1) {
            int[] glyphs = new int[count];
            for (int i = 0; i < count; i++) {
                glyphs[i] = u16(b, at + 4 + 2 * i);
            }
            return glyphs;
        }
        if (format == 2) {
            int[] glyphs = new int[0];
            for (int r = 0; r < count; r++) {
                int record = at + 4 + 6 * r;
                int start = u16(b, record);
                int end = u16(b, record + 2);
                int index = u16(b, record + 4);
                if (end < start) {
                    throw new IllegalArgumentException("bad coverage range");
                }
                if (index + end - start + 1 > glyphs.length) {
                    glyphs = Arrays.copyOf(glyphs, index + end - start + 1);
                }
                for (int g = start; g <= end; g++) {
                    glyphs[index + g - start] = g;
                }
            }
            return glyphs;
        }
        return new int[0];
    }

    private static int u16(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at));
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }
}
