package org.sotto.core.internal.persistence;

import java.util.Map;

/** The user's per-chat settings beside the plaintext choice; in a profile the {@code conversation} row. */
public interface ChatSettings {
    /** A chat's settings: muted (no notifications), pinned (on top of the chat list). */
    record Setting(boolean muted, boolean pinned) {
        public static final Setting DEFAULT = new Setting(false, false);
    }

    /** The chats of the account whose settings differ from the default, by peer. */
    Map<String, Setting> all(String account);

    void setMuted(String account, String peer, boolean muted);

    void setPinned(String account, String peer, boolean pinned);
}
