package org.sotto.app.rooms;

import java.util.Locale;
import java.util.Optional;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;

/**
 * Whether a room message names the user: their nickname as a word of its own (case ignored), as clients write it
 * ("alice: …", "@alice", "thanks alice!"). Core counts unread messages, not mentions, so the window finds them.
 */
public final class Mentions {
    private Mentions() {
    }

    /** Whether someone else's message in a room names {@code nickname}. */
    public static boolean of(ChatMessage message, Optional<String> nickname) {
        return message.kind() == ChatKind.GROUPCHAT && message.direction() == Direction.INCOMING
                && !message.retracted() && nickname.isPresent() && names(message.body(), nickname.get());
    }

    /** Whether {@code text} has {@code nickname} with neither a letter, a digit nor '_' just before or after it. */
    public static boolean names(String text, String nickname) {
        if (nickname.isBlank()) {
            return false;
        }
        String haystack = text.toLowerCase(Locale.ROOT);
        String needle = nickname.toLowerCase(Locale.ROOT);
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
            int end = at + needle.length();
            if ((at == 0 || !wordChar(haystack.codePointBefore(at)))
                    && (end == haystack.length() || !wordChar(haystack.codePointAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean wordChar(int codePoint) {
        return Character.isLetterOrDigit(codePoint) || codePoint == '_';
    }
}
