package org.sotto.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;

import javafx.css.CssParser;
import javafx.css.Stylesheet;

import org.junit.jupiter.api.Test;

/** The window's stylesheet parses without an error: JavaFX only logs one, and drops the rules after it. */
class StylesheetTest {
    @Test
    void theStylesheetParsesWithoutErrors() throws Exception {
        CssParser.errorsProperty().clear();
        Stylesheet parsed = new CssParser().parse(new URL(Controls.stylesheet()));
        List<String> errors = CssParser.errorsProperty().stream().map(Object::toString).toList();
        assertEquals(List.of(), errors);
        assertTrue(parsed.getRules().size() > 100, "all of it was read: " + parsed.getRules().size() + " rules");
    }

    /**
     * The build's precompiled copy, which JavaFX loads instead of the CSS, has the same selectors and properties
     * (a stale copy would hide an edit). Values are JavaFX's own conversion of the same file, and print differently.
     */
    @Test
    void theBinaryStylesheetIsTheCss() throws Exception {
        URL css = new URL(Controls.stylesheet());
        URL binary = new URL(Controls.stylesheet().replaceAll("\\.css$", ".bss"));
        assertEquals(rules(new CssParser().parse(css)), rules(Stylesheet.loadBinary(binary)));
    }

    private static List<String> rules(Stylesheet sheet) {
        return sheet.getRules().stream().map(rule -> rule.getSelectors() + " " + rule.getDeclarations().stream()
                .map(d -> d.getProperty() + (d.isImportant() ? " !important" : "")).toList()).toList();
    }
}
