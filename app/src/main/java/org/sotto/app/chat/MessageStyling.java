package org.sotto.app.chat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * XEP-0393 message styling: {@code *strong*}, {@code _emphasis_}, {@code ~strike~}, {@code `pre`} spans within a
 * line, {@code ```} code blocks and {@code >} quotes. The directives stay in the text (copying gives what was
 * sent); they only change how the spans look. Spans open at the start of a line or after whitespace or another
 * opening directive, are followed by a non-space, close after a non-space, and never span lines; a preformatted span
 * holds no other styles.
 */
public final class MessageStyling {
    public enum Style { STRONG, EMPHASIS, STRIKE, PRE, CODE_BLOCK, QUOTE, LINK }

    /** A web address in a message: http or https, up to white space, without trailing punctuation. */
    private static final Pattern URL = Pattern.compile(
            "\\bhttps?://[^\\s<>\"]+[^\\s<>\".,;:!?)\\]}'*_~`]");

    /** A run of text with its styles. */
    public record Span(String text, Set<Style> styles) {
        public Span {
            styles = styles.isEmpty() ? Set.of() : Set.copyOf(styles);
        }
    }

    private MessageStyling() {
    }

    public static List<Span> parse(String body) {
        List<Span> spans = new ArrayList<>();
        String[] lines = body.split("\n", -1);
        boolean inBlock = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String end = i < lines.length - 1 ? "\n" : "";
            if (!inBlock && line.startsWith("```")) {
                inBlock = true;
                spans.add(new Span(line + end, EnumSet.of(Style.CODE_BLOCK)));
                continue;
            }
            if (inBlock) {
                spans.add(new Span(line + end, EnumSet.of(Style.CODE_BLOCK)));
                if (line.equals("```")) {
                    inBlock = false;
                }
                continue;
            }
            EnumSet<Style> base = line.startsWith(">") ? EnumSet.of(Style.QUOTE) : EnumSet.noneOf(Style.class);
            inline(line + end, base, spans);
        }
        return links(merge(spans));
    }

    /** Splits out web addresses as spans of their own, styled {@link Style#LINK} on top of what they had. */
    private static List<Span> links(List<Span> spans) {
        List<Span> out = new ArrayList<>();
        for (Span span : spans) {
            Matcher url = URL.matcher(span.text());
            int at = 0;
            while (url.find()) {
                if (url.start() > at) {
                    out.add(new Span(span.text().substring(at, url.start()), span.styles()));
                }
                EnumSet<Style> styles = EnumSet.of(Style.LINK);
                styles.addAll(span.styles());
                out.add(new Span(url.group(), styles));
                at = url.end();
            }
            if (at < span.text().length()) {
                out.add(new Span(span.text().substring(at), span.styles()));
            }
        }
        return out;
    }

    private static void inline(String line, EnumSet<Style> base, List<Span> out) {
        int length = line.length();
        int plainStart = 0;
        int i = 0;
        while (i < length) {
            char c = line.charAt(i);
            Style style = directive(c);
            boolean canOpen = style != null && (i == 0 || Character.isWhitespace(line.charAt(i - 1))
                    || directive(line.charAt(i - 1)) != null)
                    && i + 1 < length && !Character.isWhitespace(line.charAt(i + 1));
            if (canOpen) {
                int close = closing(line, i, c);
                if (close > i + 1) {
                    if (plainStart < i) {
                        out.add(new Span(line.substring(plainStart, i), base));
                    }
                    EnumSet<Style> styles = EnumSet.copyOf(withStyle(base, style));
                    if (style == Style.PRE) {
                        out.add(new Span(line.substring(i, close + 1), styles));
                    } else {
                        out.add(new Span(String.valueOf(c), styles));
                        List<Span> inner = new ArrayList<>();
                        inline(line.substring(i + 1, close), styles, inner);
                        out.addAll(inner);
                        out.add(new Span(String.valueOf(c), styles));
                    }
                    i = close + 1;
                    plainStart = i;
                    continue;
                }
            }
            i++;
        }
        if (plainStart < length) {
            out.add(new Span(line.substring(plainStart), base));
        }
    }

    private static EnumSet<Style> withStyle(EnumSet<Style> base, Style style) {
        EnumSet<Style> next = base.isEmpty() ? EnumSet.noneOf(Style.class) : EnumSet.copyOf(base);
        next.add(style);
        return next;
    }

    /** The index of the directive closing the span opened at {@code open}, or -1. */
    private static int closing(String line, int open, char directive) {
        for (int j = open + 2; j < line.length(); j++) {
            if (line.charAt(j) == '\n') {
                return -1;
            }
            if (line.charAt(j) == directive && !Character.isWhitespace(line.charAt(j - 1))) {
                return j;
            }
        }
        return -1;
    }

    private static Style directive(char c) {
        return switch (c) {
            case '*' -> Style.STRONG;
            case '_' -> Style.EMPHASIS;
            case '~' -> Style.STRIKE;
            case '`' -> Style.PRE;
            default -> null;
        };
    }

    private static List<Span> merge(List<Span> spans) {
        List<Span> merged = new ArrayList<>();
        for (Span span : spans) {
            if (span.text().isEmpty()) {
                continue;
            }
            if (!merged.isEmpty() && merged.get(merged.size() - 1).styles().equals(span.styles())) {
                Span last = merged.remove(merged.size() - 1);
                merged.add(new Span(last.text() + span.text(), span.styles()));
            } else {
                merged.add(span);
            }
        }
        return merged;
    }
}
