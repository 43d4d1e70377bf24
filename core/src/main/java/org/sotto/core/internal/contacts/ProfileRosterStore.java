package org.sotto.core.internal.contacts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.roster.rosterstore.RosterStore;

import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.api.contacts.SubscriptionState;
import org.sotto.core.internal.persistence.AvatarCache;
import org.sotto.core.internal.persistence.RosterCache;

/**
 * Smack's roster store on the profile's roster cache. With it Smack asks for the roster with the stored version
 * (XEP-0237); an unchanged roster comes back as an empty result, and Smack then reads the items from here.
 */
final class ProfileRosterStore implements RosterStore {
    private static final Logger LOG = Logger.getLogger(ProfileRosterStore.class.getName());
    private final String account;
    private final RosterCache cache;
    private final AvatarCache avatars;
    private final AtomicLong fullResults = new AtomicLong();
    private final AtomicLong unchangedResults = new AtomicLong();

    ProfileRosterStore(String account, RosterCache cache, AvatarCache avatars) {
        this.account = account;
        this.cache = cache;
        this.avatars = avatars;
    }

    /** Smack calls this only for an empty roster result ("unchanged since your version"). */
    @Override
    public List<RosterPacket.Item> getEntries() {
        try {
            List<RosterPacket.Item> items = new ArrayList<>();
            for (RosterCache.Item item : cache.items(account)) {
                items.add(toSmack(item));
            }
            unchangedResults.incrementAndGet();
            return items;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, account + ": the stored roster cannot be read; asking for the whole roster", e);
            return null; // Smack then resets the store and asks again without a version
        }
    }

    @Override
    public RosterPacket.Item getEntry(Jid bareJid) {
        String jid = bareJid.asBareJid().toString();
        return cache.items(account).stream().filter(i -> i.jid().equals(jid)).findFirst().map(ProfileRosterStore::toSmack)
                .orElse(null);
    }

    @Override
    public String getRosterVersion() {
        return cache.version(account).orElse(""); // "" asks for the whole roster with versioning (RFC 6121 §2.6.2)
    }

    @Override
    public boolean addEntry(RosterPacket.Item item, String version) {
        return write(() -> cache.put(account, fromSmack(item), Optional.ofNullable(version)));
    }

    @Override
    public boolean resetEntries(Collection<RosterPacket.Item> items, String version) {
        fullResults.incrementAndGet();
        List<RosterCache.Item> roster = items.stream().map(ProfileRosterStore::fromSmack).toList();
        return write(() -> {
            List<String> kept = roster.stream().map(RosterCache.Item::jid).toList();
            List<String> gone = cache.items(account).stream().map(RosterCache.Item::jid).filter(j -> !kept.contains(j)).toList();
            cache.replace(account, roster, Optional.ofNullable(version));
            gone.forEach(jid -> avatars.forget(account, jid));
        });
    }

    @Override
    public boolean removeEntry(Jid bareJid, String version) {
        String jid = bareJid.asBareJid().toString();
        return write(() -> {
            cache.remove(account, jid, Optional.ofNullable(version));
            avatars.forget(account, jid);
        });
    }

    @Override
    public void resetStore() {
        write(() -> cache.replace(account, List.of(), Optional.empty()));
    }

    /** Full roster results received (the server sent every item) since this store was created. */
    long fullResults() {
        return fullResults.get();
    }

    /** Empty roster results received (the stored version was current) since this store was created. */
    long unchangedResults() {
        return unchangedResults.get();
    }

    private boolean write(Runnable work) {
        try {
            work.run();
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, account + ": the roster could not be stored", e);
            return false;
        } finally {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * Waits until the stored roster satisfies {@code condition}, at most {@code timeoutMillis}. The server sends the
     * push of a change before the result of the request, but Smack handles the push on another thread, so the caller
     * may see the result first.
     */
    synchronized void awaitStored(Predicate<List<RosterCache.Item>> condition, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!condition.test(cache.items(account))) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }

    static RosterCache.Item fromSmack(RosterPacket.Item item) {
        SubscriptionState subscription = switch (item.getItemType()) {
            case to -> SubscriptionState.TO;
            case from -> SubscriptionState.FROM;
            case both -> SubscriptionState.BOTH;
            default -> SubscriptionState.NONE;
        };
        return new RosterCache.Item(item.getJid().toString(), Optional.ofNullable(item.getName()), item.getGroupNames(),
                subscription, item.isSubscriptionPending());
    }

    static RosterPacket.Item toSmack(RosterCache.Item item) {
        BareJid jid;
        try {
            jid = JidCreate.bareFrom(item.jid());
        } catch (Exception e) {
            throw new IllegalStateException("a stored roster item has an invalid address", e);
        }
        RosterPacket.Item smack = new RosterPacket.Item(jid, item.name().orElse(null), item.awaitingApproval());
        smack.setItemType(switch (item.subscription()) {
            case TO -> RosterPacket.ItemType.to;
            case FROM -> RosterPacket.ItemType.from;
            case BOTH -> RosterPacket.ItemType.both;
            case NONE -> RosterPacket.ItemType.none;
        });
        item.groups().forEach(smack::addGroupName);
        return smack;
    }
}
