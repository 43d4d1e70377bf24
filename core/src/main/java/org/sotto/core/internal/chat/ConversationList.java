package org.sotto.core.internal.chat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.ConversationSummary;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.contacts.Avatar;
import org.sotto.core.api.event.AvatarChanged;
import org.sotto.core.api.event.ChatEncryptionChanged;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.api.event.RosterChanged;
import org.sotto.core.api.event.SottoEvent;
import org.sotto.core.api.event.UnreadCountChanged;
import org.sotto.core.internal.event.EventBus;
import org.sotto.core.internal.persistence.AvatarCache;
import org.sotto.core.internal.persistence.ChatSettings;
import org.sotto.core.internal.persistence.MessageLog;
import org.sotto.core.internal.persistence.RosterCache;

/**
 * One account's chat list, loaded once and then kept up to date from the account's events (a message added or
 * changed, an unread count, the roster's names, a peer's picture, a chat's encryption state, a setting), entry by entry: nothing is
 * queried again. Pinned chats first, then the most recent. Everything runs on the event thread, after the events
 * published before it, so the load and the events that follow it apply in order.
 */
final class ConversationList {
    private static final Comparator<ConversationSummary> ORDER = Comparator
            .comparing((ConversationSummary c) -> !c.pinned())
            .thenComparing((ConversationSummary c) -> c.newest().timestamp(), Comparator.reverseOrder())
            .thenComparing(ConversationSummary::peer);

    private final String account;
    private final MessageLog reads;
    private final ChatSettings settings;
    private final RosterCache roster;
    private final AvatarCache avatars;
    private final Function<String, Optional<Encryption>> chatState;
    private final EventBus events;
    private final ObservableValue<List<ConversationSummary>> list;
    private final Map<String, ConversationSummary> byPeer = new HashMap<>();
    private Map<String, String> titles = Map.of();
    private Map<String, String> pictures = Map.of();
    private boolean started;

    ConversationList(String account, MessageLog reads, ChatSettings settings, RosterCache roster, AvatarCache avatars,
                     Function<String, Optional<Encryption>> chatState, EventBus events) {
        this.account = account;
        this.reads = reads;
        this.settings = settings;
        this.roster = roster;
        this.avatars = avatars;
        this.chatState = chatState;
        this.events = events;
        this.list = new ObservableValue<>(List.of(), events::execute);
    }

    /** The list; the first call loads it (it is empty until then). */
    synchronized ObservableValue<List<ConversationSummary>> list() {
        if (!started) {
            started = true;
            events.subscribeAll(this::on);
            events.execute(this::load);
        }
        return list;
    }

    /** Event thread. */
    private void load() {
        Map<String, String> names = new HashMap<>();
        roster.items(account).forEach(item -> item.name().ifPresent(name -> names.put(item.jid(), name)));
        titles = names;
        pictures = new HashMap<>(avatars.pictures(account));
        Map<String, Integer> unread = reads.unreadCounts(account);
        Map<String, ChatSettings.Setting> chosen = settings.all(account);
        for (ChatMessage newest : reads.conversations(account)) {
            ChatSettings.Setting setting = chosen.getOrDefault(newest.peer(), ChatSettings.Setting.DEFAULT);
            byPeer.put(newest.peer(), entry(newest).withUnread(unread.getOrDefault(newest.peer(), 0))
                    .withMuted(setting.muted()).withPinned(setting.pinned()));
        }
        publish();
    }

    private ConversationSummary entry(ChatMessage newest) {
        String peer = newest.peer();
        return new ConversationSummary(peer, newest, 0, titles.getOrDefault(peer, peer), newest.kind(),
                chatState.apply(peer).orElse(newest.encryption()), false, false,
                Optional.ofNullable(pictures.get(peer)));
    }

    /** Event thread. */
    private void on(SottoEvent event) {
        if (!event.account().equals(account)) {
            return;
        }
        boolean changed = false;
        if (event instanceof MessageAdded added) {
            ChatMessage m = added.message();
            ConversationSummary current = byPeer.get(m.peer());
            if (current == null) {
                ChatSettings.Setting setting = settings.all(account).getOrDefault(m.peer(), ChatSettings.Setting.DEFAULT);
                byPeer.put(m.peer(), entry(m).withMuted(setting.muted()).withPinned(setting.pinned()));
                changed = true;
            } else if (!m.timestamp().isBefore(current.newest().timestamp())) {
                byPeer.put(m.peer(), current.withNewest(m));
                changed = true;
            }
        } else if (event instanceof MessageUpdated updated) {
            ConversationSummary current = byPeer.get(updated.message().peer());
            if (current != null && current.newest().key().equals(updated.message().key())) {
                byPeer.put(current.peer(), current.withNewest(updated.message()));
                changed = true;
            }
        } else if (event instanceof UnreadCountChanged unread) {
            changed = change(unread.peer(), c -> c.withUnread(unread.unread()));
        } else if (event instanceof ChatEncryptionChanged state) {
            changed = change(state.peer(), c -> c.withEncryption(state.encryption()));
        } else if (event instanceof AvatarChanged picture) {
            Optional<String> sha1 = picture.avatar().map(Avatar::sha1);
            sha1.ifPresentOrElse(hash -> pictures.put(picture.jid(), hash), () -> pictures.remove(picture.jid()));
            changed = change(picture.jid(), c -> c.withAvatar(sha1));
        } else if (event instanceof RosterChanged rosterChanged) {
            Map<String, String> names = new HashMap<>();
            rosterChanged.contacts().forEach(c -> c.name().ifPresent(name -> names.put(c.jid(), name)));
            titles = names;
            for (ConversationSummary c : new ArrayList<>(byPeer.values())) {
                changed |= change(c.peer(), e -> e.withTitle(names.getOrDefault(e.peer(), e.peer())));
            }
        }
        if (changed) {
            publish();
        }
    }

    /** A setting the user changed (already stored). */
    void settingChanged(String peer, Function<ConversationSummary, ConversationSummary> edit) {
        events.execute(() -> {
            if (change(peer, edit::apply)) {
                publish();
            }
        });
    }

    private boolean change(String peer, UnaryOperator<ConversationSummary> edit) {
        ConversationSummary current = byPeer.get(peer);
        if (current == null) {
            return false;
        }
        ConversationSummary next = edit.apply(current);
        byPeer.put(peer, next);
        return !next.equals(current);
    }

    private void publish() {
        List<ConversationSummary> sorted = new ArrayList<>(byPeer.values());
        sorted.sort(ORDER);
        list.set(List.copyOf(sorted));
    }
}
