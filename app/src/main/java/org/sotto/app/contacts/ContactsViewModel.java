package org.sotto.app.contacts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.collections.ObservableSet;

import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.NotConnectedException;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.contacts.Availability;
import org.sotto.core.api.contacts.Contact;
import org.sotto.core.api.contacts.SubscriptionState;
import org.sotto.core.api.event.Subscription;
import org.sotto.core.api.event.SubscriptionRequested;

/**
 * One account's contacts for the window: the roster by address (from {@code Contacts.roster()}, with presence),
 * the subscription requests waiting for an answer (core's {@code pendingRequests()} and each
 * {@link SubscriptionRequested}), and who is blocked (read whenever the account comes online, since the block list
 * lives on the server). The actions (add, remove, rename, groups, block, accept, deny) call core; a failure lands in
 * {@link #errorProperty()} in words.
 */
public final class ContactsViewModel {
    private final SottoProfile profile;
    private final Account account;
    private final UiExecutor ui;
    private final ObservableMap<String, Contact> contacts = FXCollections.observableHashMap();
    private final ObservableList<String> requests = FXCollections.observableArrayList();
    private final ObservableSet<String> blocked = FXCollections.observableSet();
    private final StringProperty error = new SimpleStringProperty("");
    private final List<Subscription> subscriptions = new ArrayList<>();

    public ContactsViewModel(SottoProfile profile, Account account, UiExecutor ui) {
        this.profile = Objects.requireNonNull(profile);
        this.account = Objects.requireNonNull(account);
        this.ui = Objects.requireNonNull(ui);
    }

    /** Follows the roster, requests and connection; call once, and {@link #close()} when the account is left. */
    public void start() {
        subscriptions.add(account.contacts().roster().subscribe(list -> ui.execute(() -> rosterChanged(list))));
        subscriptions.add(profile.subscribe(SubscriptionRequested.class, Optional.of(account.jid()), ui, events -> {
            for (SubscriptionRequested request : events) {
                requested(request.from());
            }
        }));
        subscriptions.add(account.state().subscribe(state -> {
            if (state instanceof ConnectionState.Online) {
                refreshFromServer();
            }
        }));
    }

    /** Requests and the block list are known only online: read them again. */
    private void refreshFromServer() {
        account.contacts().pendingRequests().whenComplete((list, failure) -> ui.execute(() -> {
            if (list != null) {
                list.forEach(this::requested);
            }
        }));
        account.contacts().blocked().whenComplete((list, failure) -> ui.execute(() -> {
            if (list != null) {
                blocked.retainAll(list);
                blocked.addAll(list);
            }
        }));
    }

    private void rosterChanged(List<Contact> list) {
        Set<String> present = new LinkedHashSet<>();
        for (Contact contact : list) {
            present.add(contact.jid());
            if (!contact.equals(contacts.get(contact.jid()))) {
                contacts.put(contact.jid(), contact);
            }
        }
        contacts.keySet().retainAll(present);
        // answered elsewhere (another client of the account): the contact sees the user's presence now
        requests.removeIf(jid -> Optional.ofNullable(contacts.get(jid)).map(ContactsViewModel::seesUser).orElse(false));
    }

    private void requested(String from) {
        if (!requests.contains(from) && !Optional.ofNullable(contacts.get(from)).map(ContactsViewModel::seesUser)
                .orElse(false)) {
            requests.add(from);
        }
    }

    private static boolean seesUser(Contact contact) {
        return contact.subscription() == SubscriptionState.FROM || contact.subscription() == SubscriptionState.BOTH;
    }

    /**
     * Checks an address typed by the user: empty when it is a bare XMPP address (name@server), else the error in
     * words.
     */
    public static Optional<String> addressError(String typed) {
        String address = typed.strip();
        int at = address.indexOf('@');
        if (address.isEmpty()) {
            return Optional.of(Strings.get("contacts.error.addressEmpty"));
        }
        if (at <= 0 || at == address.length() - 1 || address.indexOf('@', at + 1) >= 0 || address.contains("/")
                || address.chars().anyMatch(c -> Character.isWhitespace(c) || "\"&'<>:".indexOf(c) >= 0)
                || address.endsWith(".") || address.substring(at + 1).startsWith(".")) {
            return Optional.of(Strings.get("contacts.error.address", address));
        }
        return Optional.empty();
    }

    /** "Friends, Work" → the two groups; blanks and repeats are dropped. */
    public static Set<String> groups(String typed) {
        Set<String> groups = new LinkedHashSet<>();
        for (String part : typed.split(",")) {
            if (!part.isBlank()) {
                groups.add(part.strip());
            }
        }
        return groups;
    }

    /**
     * Adds a contact and asks to see their presence. An invalid address or the user's own is refused at once (the
     * future fails with {@link IllegalArgumentException} carrying the sentence); a failure of core lands in the
     * error property as well.
     */
    public CompletableFuture<Void> add(String typedAddress, String name, String typedGroups) {
        Optional<String> invalid = addressError(typedAddress);
        String address = typedAddress.strip().toLowerCase(Locale.ROOT);
        if (invalid.isEmpty() && address.equals(account.jid())) {
            invalid = Optional.of(Strings.get("contacts.error.self"));
        }
        if (invalid.isPresent()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(invalid.get()));
        }
        Optional<String> wanted = Optional.of(name.strip()).filter(n -> !n.isEmpty());
        return run(Strings.get("contacts.action.add", address),
                () -> account.contacts().add(address, wanted, groups(typedGroups)));
    }

    /** Accepts {@code jid}'s request and, unless the user already sees theirs or asked for it, asks back. */
    public CompletableFuture<Void> accept(String jid) {
        Optional<Contact> known = Optional.ofNullable(contacts.get(jid));
        boolean askBack = known.map(c -> !c.awaitingApproval() && (c.subscription() == SubscriptionState.NONE
                || c.subscription() == SubscriptionState.FROM)).orElse(true);
        return run(Strings.get("contacts.action.accept", jid), () -> {
            CompletableFuture<Void> approved = account.contacts().approve(jid);
            return askBack ? approved.thenCompose(done -> account.contacts().add(jid,
                    known.flatMap(Contact::name), known.map(Contact::groups).orElse(Set.of()))) : approved;
        }).thenRun(() -> requests.remove(jid)); // a request that could not be answered stays
    }

    public CompletableFuture<Void> deny(String jid) {
        return run(Strings.get("contacts.action.deny", jid), () -> account.contacts().deny(jid))
                .thenRun(() -> requests.remove(jid));
    }

    public CompletableFuture<Void> remove(String jid) {
        return run(Strings.get("contacts.action.remove", jid), () -> account.contacts().remove(jid));
    }

    public CompletableFuture<Void> rename(String jid, String name) {
        Optional<String> wanted = Optional.of(name.strip()).filter(n -> !n.isEmpty());
        return run(Strings.get("contacts.action.rename", jid), () -> account.contacts().rename(jid, wanted));
    }

    public CompletableFuture<Void> setGroups(String jid, String typedGroups) {
        return run(Strings.get("contacts.action.groups", jid),
                () -> account.contacts().setGroups(jid, groups(typedGroups)));
    }

    public CompletableFuture<Void> block(String jid) {
        return run(Strings.get("contacts.action.block", jid), () -> account.contacts().block(jid))
                .thenRun(() -> blocked.add(jid));
    }

    public CompletableFuture<Void> unblock(String jid) {
        return run(Strings.get("contacts.action.unblock", jid), () -> account.contacts().unblock(jid))
                .thenRun(() -> blocked.remove(jid));
    }

    /**
     * Runs a core call; its failure is said in {@link #errorProperty()} (and fails the returned future). The returned
     * future completes on the UI executor, so what follows it may touch the properties.
     */
    private CompletableFuture<Void> run(String what, Supplier<CompletableFuture<Void>> call) {
        error.set("");
        CompletableFuture<Void> started;
        try {
            started = call.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        started.whenComplete((ok, failure) -> ui.execute(() -> {
            if (failure == null) {
                done.complete(null);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            error.set(cause instanceof NotConnectedException ? Strings.get("contacts.error.offline", what)
                    : Strings.get("contacts.error.failed", what, String.valueOf(cause.getMessage())));
            done.completeExceptionally(cause);
        }));
        return done;
    }

    public void clearError() {
        error.set("");
    }

    /** The contact's presence in words ("Available", "Away", "Do not disturb", "Offline"). */
    public static String presenceText(Availability availability) {
        return switch (availability) {
            case AVAILABLE -> Strings.get("contacts.presence.available");
            case CHATTY -> Strings.get("contacts.presence.chatty");
            case AWAY -> Strings.get("contacts.presence.away");
            case EXTENDED_AWAY -> Strings.get("contacts.presence.extendedAway");
            case DO_NOT_DISTURB -> Strings.get("contacts.presence.dnd");
            case OFFLINE -> Strings.get("contacts.presence.offline");
        };
    }

    /** The style class of a presence dot: one colour each for available, away, do not disturb and offline. */
    public static String presenceStyle(Availability availability) {
        return switch (availability) {
            case AVAILABLE, CHATTY -> "presence-available";
            case AWAY, EXTENDED_AWAY -> "presence-away";
            case DO_NOT_DISTURB -> "presence-dnd";
            case OFFLINE -> "presence-offline";
        };
    }

    /** Who sees whose presence, in words. */
    public static String subscriptionText(Contact contact) {
        String base = switch (contact.subscription()) {
            case BOTH -> Strings.get("contacts.subscription.both");
            case TO -> Strings.get("contacts.subscription.to");
            case FROM -> Strings.get("contacts.subscription.from");
            case NONE -> Strings.get("contacts.subscription.none");
        };
        return contact.awaitingApproval() ? Strings.get("contacts.subscription.asked", base) : base;
    }

    /** The contact in the roster, if they are in it. */
    public Optional<Contact> contact(String jid) {
        return Optional.ofNullable(contacts.get(jid));
    }

    /** The roster by bare address, kept up to date. */
    public ObservableMap<String, Contact> contacts() {
        return contacts;
    }

    /** Addresses asking to see the user's presence, oldest first. */
    public ObservableList<String> requests() {
        return requests;
    }

    /** Blocked addresses, as far as the server said while online. */
    public ObservableSet<String> blocked() {
        return blocked;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public Account account() {
        return account;
    }

    public void close() {
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
    }
}
