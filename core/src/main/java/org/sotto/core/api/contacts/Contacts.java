package org.sotto.core.api.contacts;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.sotto.core.api.event.ObservableValue;

/** One account's roster (kept in the profile, readable offline), subscriptions, own presence and blocking. */
public interface Contacts {
    /** The roster with each contact's presence (offline: everyone unavailable). */
    CompletableFuture<List<Contact>> contacts();

    /**
     * The roster as an observable list ordered by JID, from the profile (so also offline), kept up to date by core:
     * roster pushes replace it, presences change one contact, a lost connection shows everyone offline.
     */
    ObservableValue<List<Contact>> roster();

    /** Adds the contact and asks to see their presence. */
    CompletableFuture<Void> add(String jid, Optional<String> name, Set<String> groups);

    CompletableFuture<Void> remove(String jid);

    CompletableFuture<Void> setGroups(String jid, Set<String> groups);

    /** Changes the name the user gave the contact ({@code Optional.empty()}: no name, the address shows). */
    CompletableFuture<Void> rename(String jid, Optional<String> name);

    /** Lets the contact see the user's presence (answers their request). */
    CompletableFuture<Void> approve(String jid);

    CompletableFuture<Void> deny(String jid);

    /** RFC 6121 §3.4: approves a request before it arrives. */
    CompletableFuture<Void> preApprove(String jid);

    /** Who asked to see the user's presence and has no answer yet. */
    CompletableFuture<List<String>> pendingRequests();

    /**
     * The user's availability and status text, sent now and at every later login of this run ("offline" connects
     * without announcing itself as available). Offline, the future fails but the choice is kept for the next login.
     */
    CompletableFuture<Void> setPresence(Availability availability, Optional<String> status);

    /** XEP-0191. */
    CompletableFuture<Void> block(String jid);

    CompletableFuture<Void> unblock(String jid);

    CompletableFuture<List<String>> blocked();
}
