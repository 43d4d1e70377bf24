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
}
