package org.sotto.app.ui;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The window's words, from {@code org/sotto/app/messages.properties} (English first). A key with arguments is a
 * {@link MessageFormat} pattern. {@code StringsTest} finds keys used in code but missing from the bundle, and keys in
 * the bundle that nothing uses.
 */
public final class Strings {
    public static final String BUNDLE = "org.sotto.app.messages";
    private static final ResourceBundle MESSAGES = ResourceBundle.getBundle(BUNDLE, Locale.getDefault());

    private Strings() {
    }

    public static ResourceBundle bundle() {
        return MESSAGES;
    }

    /** The text of {@code key}, with {@code arguments} filled in. */
    public static String get(String key, Object... arguments) {
        String pattern = MESSAGES.getString(key);
        return arguments.length == 0 ? pattern : new MessageFormat(pattern, MESSAGES.getLocale()).format(arguments);
    }

    /** The text for one constant of an enum: the key {@code prefix.CONSTANT}. */
    public static String of(String prefix, Enum<?> value, Object... arguments) {
        return get(prefix + "." + value.name(), arguments);
    }
}
