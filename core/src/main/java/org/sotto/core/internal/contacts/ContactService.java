package org.sotto.core.internal.contacts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.RosterListener;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;

import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import org.sotto.core.api.contacts.Availability;
import org.sotto.core.api.contacts.Contact;
import org.sotto.core.api.contacts.Contacts;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.api.event.PresenceChanged;
import org.sotto.core.api.event.RosterChanged;
import org.sotto.core.api.event.SubscriptionRequested;
import org.sotto.core.internal.connection.ConnectionSupervisor;
import org.sotto.core.internal.event.EventBus;
import org.sotto.core.internal.persistence.AvatarCache;
import org.sotto.core.internal.persistence.RosterCache;

/**
 * The roster (contacts and groups), subscriptions (approve, deny, pre-approve), presence and blocking (XEP-0191)
 * of one account. Subscription requests are never answered automatically: they become
 * {@link SubscriptionRequested} events for the user.
 *
 * <p>The roster lives in the profile ({@link RosterCache}): Smack loads it with the stored version and writes every
 * result and push there, and {@link #contacts()} reads it, also offline. Presence is known only while online.
 */
public final class ContactService implements Contacts {
    private final String account;
    private final ExecutorService worker;
    private final ConnectionSupervisor supervisor;
    private final EventBus events;
    private final RosterCache cache;
    private final AvatarCache avatars;
    private final Set<String> pendingRequests = new LinkedHashSet<>();
    /** Presence stanzas that came from the server (identity: Smack's stanzas do not override equals). */
    private final Map<Presence, Boolean> received = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile ProfileRosterStore store;
    private final RosterList rosterList;
    private final OwnPresence ownPresence;

    public ContactService(String account, ExecutorService worker, ConnectionSupervisor supervisor, EventBus events,
                          RosterCache cache, AvatarCache avatars, OwnPresence ownPresence) {
        this.account = account;
        this.ownPresence = ownPresence;
        this.worker = worker;
        this.supervisor = supervisor;
        this.events = events;
        this.cache = cache;
        this.avatars = avatars;
        this.rosterList = new RosterList(account,
                () -> snapshot(supervisor.authenticated().map(Roster::getInstanceFor)), events);
    }

    /** Called once per Smack connection object, before it logs in. */
    public void install(XMPPTCPConnection connection) {
        Roster roster = Roster.getInstanceFor(connection);
        ProfileRosterStore profileStore = new ProfileRosterStore(account, cache, avatars);
        store = profileStore;
        roster.setRosterStore(profileStore); // not logged in yet: Smack's reload at login uses the stored version
        ownPresence.install(connection);
        // Smack marks every contact unavailable when our own connection closes (or we send unavailable) by feeding
        // made-up presences through the same path as real ones. Those say nothing about the contacts, so only
        // presences that arrived are published. These listeners finish before Smack's roster sees the stanza.
        connection.addStanzaListener(stanza -> received.put((Presence) stanza, Boolean.TRUE), StanzaTypeFilter.PRESENCE);
        roster.setSubscriptionMode(Roster.SubscriptionMode.manual);
        roster.addSubscribeListener((from, presence) -> {
            String who = from.asBareJid().toString();
            worker.execute(() -> pendingRequests.add(who));
            events.publish(new SubscriptionRequested(account, who));
            return null; // the user answers later
        });
        roster.addRosterListener(new RosterListener() {
            @Override
            public void entriesAdded(Collection<Jid> addresses) {
                rosterChanged(roster);
            }

            @Override
            public void entriesUpdated(Collection<Jid> addresses) {
                rosterChanged(roster);
            }

            @Override
            public void entriesDeleted(Collection<Jid> addresses) {
                rosterChanged(roster);
            }

            @Override
            public void presenceChanged(Presence presence) {
                if (!received.containsKey(presence)) {
                    return; // our connection closed, not their presence changed: ConnectionStateChanged says so
                }
                BareJid who = presence.getFrom().asBareJid();
                Presence best = roster.getPresence(who);
                events.publish(new PresenceChanged(account, who.toString(), availability(best),
                        Optional.ofNullable(best.getStatus())));
            }
        });
    }

    private void rosterChanged(Roster roster) {
        events.publish(new RosterChanged(account, snapshot(Optional.of(roster))));
    }

    /**
     * The roster from the profile, with each contact's current presence while online (offline: every contact
     * {@link Availability#OFFLINE}). Right after a login it waits for the roster to load; it never waits for the
     * account's worker.
     */
    public CompletableFuture<List<Contact>> contacts() {
        return CompletableFuture.supplyAsync(() -> {
            Optional<Roster> roster = supervisor.authenticated().map(Roster::getInstanceFor);
            if (roster.isPresent() && !roster.get().isLoaded()) {
                try {
                    roster.get().reloadAndWait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException(e);
                } catch (Exception e) {
                    roster = Optional.empty(); // went offline meanwhile: the stored roster is the answer
                }
            }
            return snapshot(roster);
        });
    }

    @Override
    public ObservableValue<List<Contact>> roster() {
        return rosterList.list();
    }

    /** How the roster was loaded on this account's connections so far: full results and "unchanged" results. */
    public RosterLoads rosterLoads() {
        ProfileRosterStore current = store;
        return current == null ? new RosterLoads(0, 0) : new RosterLoads(current.fullResults(), current.unchangedResults());
    }

    /**
     * Roster results of the current connection object (XEP-0237): {@code full} sent every item, {@code unchanged}
     * said the stored version is current (no items sent).
     */
    public record RosterLoads(long full, long unchanged) {
    }

    /** Adds the contact to the roster and asks to see their presence. */
    public CompletableFuture<Void> add(String jid, Optional<String> name, Set<String> groups) {
        BareJid contact = bare(jid);
        return call(connection -> {
            Roster.getInstanceFor(connection).createItemAndRequestSubscription(contact, name.orElse(null),
                    groups.toArray(String[]::new));
            awaitStored(items -> items.stream().anyMatch(i -> i.jid().equals(contact.toString())));
            return null;
        });
    }

    public CompletableFuture<Void> remove(String jid) {
        BareJid contact = bare(jid);
        return call(connection -> {
            Roster roster = Roster.getInstanceFor(connection);
            RosterEntry entry = roster.getEntry(contact);
            if (entry != null) {
                roster.removeEntry(entry);
            }
            awaitStored(items -> items.stream().noneMatch(i -> i.jid().equals(contact.toString())));
            return null;
        });
    }

    /**
     * Replaces the contact's groups with one roster set. (Smack's group by group changes each send the entry's groups
     * as Smack knows them, so a change that follows a removal before its push arrived puts the removed group back.)
     */
    public CompletableFuture<Void> setGroups(String jid, Set<String> groups) {
        BareJid contact = bare(jid);
        return call(connection -> {
            RosterEntry entry = Objects.requireNonNull(Roster.getInstanceFor(connection).getEntry(contact),
                    () -> jid + " is not in the roster");
            RosterPacket.Item item = new RosterPacket.Item(contact, entry.getName());
            groups.forEach(item::addGroupName);
            RosterPacket set = new RosterPacket();
            set.setType(IQ.Type.set);
            set.addRosterItem(item);
            connection.createStanzaCollectorAndSend(set).nextResultOrThrow();
            awaitStored(items -> items.stream().anyMatch(i -> i.jid().equals(contact.toString()) && i.groups().equals(groups)));
            return null;
        });
    }

    /** Sets the contact's name in the roster, leaving subscription and groups as they are. */
    public CompletableFuture<Void> rename(String jid, Optional<String> name) {
        BareJid contact = bare(jid);
        Optional<String> wanted = name.map(String::strip).filter(n -> !n.isEmpty());
        return call(connection -> {
            Roster roster = Roster.getInstanceFor(connection);
            RosterEntry entry = Objects.requireNonNull(roster.getEntry(contact), () -> jid + " is not in the roster");
            entry.setName(wanted.orElse(null));
            awaitStored(items -> items.stream().anyMatch(i -> i.jid().equals(contact.toString()) && i.name().equals(wanted)));
            // Smack renames its entry when the result comes; a push handled after that looks unchanged to it and
            // fires no listener, so the stored roster is published here
            rosterChanged(roster);
            return null;
        });
    }

    /** Lets the contact see the user's presence (answers their request, or pre-approves it). */
    public CompletableFuture<Void> approve(String jid) {
        return answer(jid, Presence.Type.subscribed);
    }

    /** Refuses the contact's request (or revokes an approval). */
    public CompletableFuture<Void> deny(String jid) {
        return answer(jid, Presence.Type.unsubscribed);
    }

    /** RFC 6121 §3.4: approves a request before it arrives; fails if the server cannot. */
    public CompletableFuture<Void> preApprove(String jid) {
        BareJid contact = bare(jid);
        return call(connection -> {
            Roster.getInstanceFor(connection).preApprove(contact);
            return null;
        });
    }

    /** Subscription requests not yet answered in this run. */
    public CompletableFuture<List<String>> pendingRequests() {
        return CompletableFuture.supplyAsync(() -> List.copyOf(pendingRequests), worker);
    }

    /** Sets the user's own presence and status text. */
    public CompletableFuture<Void> setPresence(Availability availability, Optional<String> status) {
        ownPresence.choose(availability, status);
        return call(connection -> {
            connection.sendStanza(ownPresence.build(connection.getStanzaFactory()));
            return null;
        });
    }

    public CompletableFuture<Void> block(String jid) {
        Jid contact = bare(jid);
        return call(connection -> {
            BlockingCommandManager.getInstanceFor(connection).blockContacts(List.of(contact));
            return null;
        });
    }

    public CompletableFuture<Void> unblock(String jid) {
        Jid contact = bare(jid);
        return call(connection -> {
            BlockingCommandManager.getInstanceFor(connection).unblockContacts(List.of(contact));
            return null;
        });
    }

    public CompletableFuture<List<String>> blocked() {
        return call(connection -> {
            // Smack's cached list is a plain ArrayList that a block/unblock push changes on another thread: reading it
            // meanwhile can show a null slot or fail; read again in that case
            for (int attempt = 1; ; attempt++) {
                try {
                    List<Jid> list = BlockingCommandManager.getInstanceFor(connection).getBlockList();
                    return list == null ? List.<String>of()
                            : List.copyOf(list).stream().map(Jid::toString).sorted().toList();
                } catch (NullPointerException | ConcurrentModificationException raced) {
                    if (attempt == 3) {
                        throw raced;
                    }
                    Thread.sleep(20);
                }
            }
        });
    }

    private CompletableFuture<Void> answer(String jid, Presence.Type type) {
        BareJid contact = bare(jid);
        return call(connection -> {
            connection.sendStanza(connection.getStanzaFactory().buildPresenceStanza().ofType(type).to(contact).build());
            pendingRequests.remove(contact.toString());
            return null;
        });
    }

    /** A change the server accepted is in the profile (its push stored) when the call completes; 5 s at most. */
    private void awaitStored(Predicate<List<RosterCache.Item>> condition) throws InterruptedException {
        ProfileRosterStore current = store;
        if (current != null) {
            current.awaitStored(condition, 5_000);
        }
    }

    private <T> CompletableFuture<T> call(ConnectionSupervisor.NetworkCall<T> work) {
        return supervisor.call(worker, "this roster action", work);
    }

    /** The stored roster with presences from {@code online}'s roster, if online. */
    private List<Contact> snapshot(Optional<Roster> online) {
        List<Contact> contacts = new ArrayList<>();
        for (RosterCache.Item item : cache.items(account)) {
            Presence presence = online.flatMap(r -> Optional.ofNullable(bareOrNull(item.jid())).map(r::getPresence))
                    .orElse(null);
            contacts.add(new Contact(item.jid(), item.name(), item.groups(), item.subscription(), item.awaitingApproval(),
                    availability(presence), Optional.ofNullable(presence).map(Presence::getStatus)));
        }
        contacts.sort(Comparator.comparing(Contact::jid));
        return List.copyOf(contacts);
    }

    private static BareJid bareOrNull(String jid) {
        try {
            return JidCreate.bareFrom(jid);
        } catch (XmppStringprepException e) {
            return null;
        }
    }

    static Availability availability(Presence presence) {
        if (presence == null || presence.getType() != Presence.Type.available) {
            return Availability.OFFLINE;
        }
        return switch (presence.getMode()) {
            case chat -> Availability.CHATTY;
            case away -> Availability.AWAY;
            case xa -> Availability.EXTENDED_AWAY;
            case dnd -> Availability.DO_NOT_DISTURB;
            default -> Availability.AVAILABLE;
        };
    }

    private static BareJid bare(String jid) {
        try {
            return JidCreate.entityBareFrom(Objects.requireNonNull(jid, "jid"));
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("not a valid contact address (user@server): " + jid, e);
        }
    }
}
