package org.sotto.app.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.sotto.app.chat.MessageStyling.Span;
import org.sotto.app.chat.MessageStyling.Style;

class MessageStylingTest {
    @Test
    void spansKeepTheirDirectivesAndStyleTheirText() {
        assertEquals(List.of(new Span("a ", Set.of()), new Span("*bold*", Set.of(Style.STRONG)),
                new Span(" and ", Set.of()), new Span("_it_", Set.of(Style.EMPHASIS)), new Span(" ", Set.of()),
                new Span("~no~", Set.of(Style.STRIKE)), new Span(" ", Set.of()), new Span("`x*y*`", Set.of(Style.PRE))),
                MessageStyling.parse("a *bold* and _it_ ~no~ `x*y*`"));
    }

    @Test
    void nestedSpansCombine() {
        assertEquals(List.of(new Span("*", Set.of(Style.STRONG)), new Span("_both_", Set.of(Style.STRONG, Style.EMPHASIS)),
                new Span("*", Set.of(Style.STRONG))), MessageStyling.parse("*_both_*"));
    }

    @Test
    void directivesThatDoNotOpenOrCloseStayPlain() {
        for (String plain : List.of("2 * 3 * 4", "snake_case_name", "* not bold*", "*not bold *", "**", "a*b*",
                "*open\nclose*")) {
            assertEquals(plain, String.join("", MessageStyling.parse(plain).stream().map(Span::text).toList()));
            assertEquals(Set.of(), MessageStyling.parse(plain).stream().flatMap(s -> s.styles().stream())
                    .collect(Collectors.toSet()), plain);
        }
    }

    @Test
    void quotesAndCodeBlocksAreLines() {
        List<Span> spans = MessageStyling.parse("> quoted\n```\ncode *x*\n```\nafter");
        assertEquals(new Span("> quoted\n", Set.of(Style.QUOTE)), spans.get(0));
        assertEquals(new Span("```\ncode *x*\n```\n", Set.of(Style.CODE_BLOCK)), spans.get(1));
        assertEquals(new Span("after", Set.of()), spans.get(2));
    }

    @Test
    void webAddressesAreLinksWithoutTrailingPunctuation() {
        assertEquals(List.of(new Span("see ", Set.of()), new Span("https://example.org/a?b=1", Set.of(Style.LINK)),
                new Span(", or ", Set.of()), new Span("*", Set.of(Style.STRONG)),
                new Span("http://x.y/z", Set.of(Style.STRONG, Style.LINK)), new Span("*", Set.of(Style.STRONG)),
                new Span(".", Set.of())), MessageStyling.parse("see https://example.org/a?b=1, or *http://x.y/z*."));
        assertEquals(List.of(new Span("ftp://no and https:// alone", Set.of())),
                MessageStyling.parse("ftp://no and https:// alone"));
    }

    @Test
    void namesGetTheHueOfXep0392() {
        // the XEP's test vectors: "Romeo" → 327.255249, "juliet@capulet.lit" → 209.410400
        assertEquals(327.255249, NameColors.hue("Romeo"), 0.001);
        assertEquals(209.410400, NameColors.hue("juliet@capulet.lit"), 0.001);
    }
}
