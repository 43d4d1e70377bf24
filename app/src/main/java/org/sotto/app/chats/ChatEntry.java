package org.sotto.app.chats;

import java.util.Objects;

import org.sotto.core.api.account.Account;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.ConversationSummary;
import org.sotto.core.api.chat.Encryption;

/** One entry of the window's chat list: a chat of one of the profile's accounts. */
public record ChatEntry(Account account, ConversationSummary summary) {
    public ChatEntry {
        Objects.requireNonNull(account);
        Objects.requireNonNull(summary);
    }

    public String accountJid() {
        return account.jid();
    }

    public String peer() {
        return summary.peer();
    }

    public String title() {
        return summary.title();
    }

    public ChatMessage newest() {
        return summary.newest();
    }

    public int unread() {
        return summary.unread();
    }

    public ChatKind kind() {
        return summary.kind();
    }

    public Encryption encryption() {
        return summary.encryption();
    }

    public boolean muted() {
        return summary.muted();
    }

    public boolean pinned() {
        return summary.pinned();
    }

    /** Whether this is the chat with {@code peer} of the account {@code accountJid}. */
    public boolean is(String accountJid, String peer) {
        return account.jid().equals(accountJid) && summary.peer().equals(peer);
    }
}
