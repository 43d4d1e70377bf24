package org.sotto.core.api.room;

import java.util.Objects;
import java.util.Optional;

/** A bookmarked group chat (XEP-0402, or XEP-0048 private storage); {@code autojoin} rooms are entered at login. */
public record Bookmark(String room, String name, Optional<String> nickname, boolean autojoin) {
    public Bookmark {
        Objects.requireNonNull(room);
        Objects.requireNonNull(name);
        Objects.requireNonNull(nickname);
    }
}
