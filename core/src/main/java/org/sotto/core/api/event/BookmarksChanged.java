package org.sotto.core.api.event;

import java.util.List;

import org.sotto.core.api.room.Bookmark;

/**
 * Another client of the user (or this one) changed the group chat bookmarks (XEP-0402 PEP notification):
 * {@code published} bookmarks were added or replaced, the rooms in {@code removed} are no longer bookmarked.
 */
public record BookmarksChanged(String account, List<Bookmark> published, List<String> removed) implements SottoEvent {
    public BookmarksChanged {
        published = List.copyOf(published);
        removed = List.copyOf(removed);
    }
}
