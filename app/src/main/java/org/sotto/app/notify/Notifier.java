package org.sotto.app.notify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;

import org.sotto.app.settings.UserSettings;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.ConversationSummary;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.event.AvatarChanged;
import org.sotto.core.api.event.DeviceAppeared;
import org.sotto.core.api.event.InvitationReceived;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.Subscription;
import org.sotto.core.api.event.SubscriptionRequested;
import org.sotto.core.api.event.UnreadCountChanged;

/**
 * Decides which of the profile's events become desktop notifications and with which words. A live incoming message
 * notifies unless notifications are off, do-not-disturb is on, its chat is muted or it is the chat open in the
 * focused window; archive and catch-up messages never do. One notification per chat (tagged by account and peer),
 * replaced by the next and taken away when the chat has nothing unread any more. Subscription requests and a
 * contact's new device notify on their own. While the window is locked, or when the user hides the sender, nothing
 * names anyone: "New message"; the text shows only when the user allowed it (and never while locked). A contact's
 * message carries the contact's picture when one may name the sender (not a room's: occupants have none here).
 * Lives as long as the profile is open, through locking and unlocking.
 */
public final class Notifier implements AutoCloseable {
    /** The longest text a notification carries. */
    static final int MAX_TEXT = 200;
    /** How long a notification waits for the sender's picture. */
    static final long PICTURE_WAIT_MILLIS = 1500;

    private final SottoProfile profile;
    private final UserSettings settings;
    private final NotificationSink sink;
    private final BiPredicate<String, String> shownAndFocused;
    private final BooleanSupplier locked;
    private final UiExecutor ui;
    private final List<Subscription> subscriptions = new ArrayList<>();
    /** How many contacts' pictures are kept (36 KiB each at most); the least recently notified go first. */
    static final int PICTURES_KEPT = 64;

    /** Per chat tag: the contact's picture as asked of core, in order of use; UI thread. */
    private final Map<String, CompletableFuture<Optional<NotificationPicture>>> pictures =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(
                        Map.Entry<String, CompletableFuture<Optional<NotificationPicture>>> eldest) {
                    return size() > PICTURES_KEPT;
                }
            };
    /** Per chat tag: the newest message whose notification waits for the sender's picture; UI thread. */
    private final Map<String, MessageAdded> waitingForPicture = new HashMap<>();

    /**
     * @param shownAndFocused whether the chat (account, peer) is open in the window and the window has the focus
     * @param locked          whether the window is locked
     */
    public Notifier(SottoProfile profile, UserSettings settings, NotificationSink sink, UiExecutor ui,
                    BiPredicate<String, String> shownAndFocused, BooleanSupplier locked) {
        this.profile = Objects.requireNonNull(profile);
        this.settings = Objects.requireNonNull(settings);
        this.sink = Objects.requireNonNull(sink);
        this.shownAndFocused = Objects.requireNonNull(shownAndFocused);
        this.locked = Objects.requireNonNull(locked);
        this.ui = Objects.requireNonNull(ui);
        subscriptions.add(profile.subscribe(MessageAdded.class, Optional.empty(), ui,
                added -> added.forEach(this::messageAdded)));
        subscriptions.add(profile.subscribe(UnreadCountChanged.class, Optional.empty(), ui,
                changes -> changes.stream().filter(c -> c.unread() == 0).map(c -> chatTag(c.account(), c.peer()))
                        .forEach(tag -> {
                            waitingForPicture.remove(tag);
                            sink.close(tag);
                        })));
        subscriptions.add(profile.subscribe(AvatarChanged.class, Optional.empty(), ui,
                changes -> changes.forEach(c -> pictures.remove(chatTag(c.account(), c.jid())))));
        subscriptions.add(profile.subscribe(SubscriptionRequested.class, Optional.empty(), ui,
                requests -> requests.forEach(this::requested)));
        subscriptions.add(profile.subscribe(DeviceAppeared.class, Optional.empty(), ui,
                devices -> devices.forEach(this::deviceAppeared)));
        subscriptions.add(profile.subscribe(InvitationReceived.class, Optional.empty(), ui,
                invitations -> invitations.forEach(this::invited)));
    }

    /** The tag of a chat's notification: what "Open" reports back. */
    public static String chatTag(String account, String peer) {
        return account + '\n' + peer;
    }

    /**
     * The account and peer of a tag from {@link #chatTag}, of a request's or a device's notification too; empty for
     * an invitation's.
     */
    public static Optional<String[]> chatOf(String tag) {
        String[] parts = tag.split("\n");
        if (parts[0].equals("invitation")) {
            return Optional.empty(); // no chat to open: the room is not entered yet
        }
        return parts.length == 2 ? Optional.of(parts) : parts.length == 3 ? Optional.of(new String[] {parts[1],
                parts[2]}) : Optional.empty();
    }

    private boolean quiet() {
        return !settings.notificationsProperty().get() || settings.doNotDisturbProperty().get();
    }

    private boolean named() {
        return settings.showSenderProperty().get() && !locked.getAsBoolean();
    }

    private void messageAdded(MessageAdded added) {
        ChatMessage message = added.message();
        if (!added.live() || message.direction() != Direction.INCOMING || quiet()) {
            return;
        }
        Optional<ConversationSummary> chat = summary(added.account(), message.peer());
        if (chat.map(ConversationSummary::muted).orElse(false)
                || (!locked.getAsBoolean() && shownAndFocused.test(added.account(), message.peer()))) {
            return;
        }
        String tag = chatTag(added.account(), message.peer());
        if (!named() || message.kind() == ChatKind.GROUPCHAT) {
            show(tag, added, chat, Optional.empty());
            return;
        }
        // with the sender's picture: the newest message of the chat shows once it is here (or it took too long)
        boolean asked = waitingForPicture.containsKey(tag);
        waitingForPicture.put(tag, added);
        if (!asked) {
            picture(added.account(), message.peer()).whenComplete((picture, failure) -> ui.execute(() -> {
                MessageAdded newest = waitingForPicture.remove(tag);
                if (newest != null) {
                    show(tag, newest, summary(newest.account(), newest.message().peer()),
                            picture == null ? Optional.empty() : picture);
                }
            }));
        }
    }

    /** The message's notification with the words and picture the settings and the lock allow now. */
    private void show(String tag, MessageAdded added, Optional<ConversationSummary> chat,
                      Optional<NotificationPicture> picture) {
        ChatMessage message = added.message();
        String summary;
        String body;
        if (!named()) {
            summary = Strings.get("notify.message");
            body = "";
            picture = Optional.empty();
        } else {
            String title = chat.map(ConversationSummary::title).orElse(message.peer());
            String sender = message.kind() == ChatKind.GROUPCHAT
                    ? Strings.get("notify.message.room", nick(message.sender()), title) : title;
            if (settings.showTextProperty().get()) {
                summary = sender;
                body = text(message);
            } else {
                summary = Strings.get("notify.message.from", sender);
                body = "";
            }
        }
        sink.show(tag, summary, body, picture, true);
    }

    /**
     * The contact's picture, scaled for a notification: asked of core once per contact while the notifier lives (from
     * the profile, or fetched while online), again after an {@code AvatarChanged}; empty after {@link
     * #PICTURE_WAIT_MILLIS}, so a slow server does not hold the notification back.
     */
    private CompletableFuture<Optional<NotificationPicture>> picture(String accountJid, String jid) {
        String key = chatTag(accountJid, jid);
        CompletableFuture<Optional<NotificationPicture>> known = pictures.get(key);
        if (known == null) {
            Optional<? extends Account> account = profile.accounts().find(accountJid);
            try {
                known = account.isEmpty() ? CompletableFuture.completedFuture(Optional.empty())
                        : account.get().avatars().avatar(jid).thenApplyAsync(
                                avatar -> avatar.flatMap(a -> NotificationPicture.decode(a.data())));
            } catch (RuntimeException e) {
                known = CompletableFuture.completedFuture(Optional.empty()); // an account kept for its history
            }
            CompletableFuture<Optional<NotificationPicture>> asked = known;
            pictures.put(key, asked);
            asked.whenComplete((picture, failure) -> {
                if (failure != null) {
                    ui.execute(() -> pictures.remove(key, asked)); // offline, say: ask again next time
                }
            });
        }
        return known.copy().completeOnTimeout(Optional.empty(), PICTURE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static String nick(String sender) {
        int slash = sender.indexOf('/');
        return slash >= 0 ? sender.substring(slash + 1) : sender;
    }

    private static String text(ChatMessage message) {
        if (message.attachment().isPresent()) {
            return Strings.get("notify.message.file");
        } else if (message.body().isBlank()) {
            return Strings.get("notify.message");
        }
        String body = message.body().strip();
        return body.length() > MAX_TEXT ? body.substring(0, MAX_TEXT) + "…" : body;
    }

    private void requested(SubscriptionRequested request) {
        if (quiet()) {
            return;
        }
        String tag = "request\n" + chatTag(request.account(), request.from());
        sink.show(tag, Strings.get("notify.request"),
                named() ? Strings.get("notify.request.from", request.from()) : "", Optional.empty(), true);
    }

    private void deviceAppeared(DeviceAppeared device) {
        if (quiet()) {
            return;
        }
        String tag = "device\n" + chatTag(device.account(), device.jid());
        sink.show(tag, Strings.get("notify.device"),
                named() ? Strings.get("notify.device.of", device.jid()) : Strings.get("notify.device.anonymous"),
                Optional.empty(), true);
    }

    private void invited(InvitationReceived invitation) {
        if (quiet()) {
            return;
        }
        String tag = "invitation\n" + chatTag(invitation.account(), invitation.room());
        sink.show(tag, Strings.get("notify.invitation"), named()
                ? Strings.get("notify.invitation.from", invitation.inviter(), invitation.room()) : "",
                Optional.empty(), true);
    }

    private Optional<ConversationSummary> summary(String accountJid, String peer) {
        return profile.accounts().find(accountJid).map(Account::chats)
                .flatMap(chats -> chats.conversationList().get().stream().filter(c -> c.peer().equals(peer))
                        .findFirst());
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
        sink.close();
    }
}
