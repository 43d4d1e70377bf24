package org.sotto.core.internal.muc;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smackx.muc.Affiliate;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.RoomInfo;
import org.jivesoftware.smackx.muc.packet.MUCItem;
import org.jivesoftware.smackx.muc.packet.MUCUser;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Who is in the rooms the account joined, as far as OMEMO needs it (XEP-0384 §5.6): whether a room is members-only
 * and non-anonymous (its disco#info), the real JIDs of its owners, admins and members (the muc#admin lists, as far as
 * the user may read them) and the real JID behind each occupant nick (non-anonymous rooms put it into presence).
 * Kept up to date from presences (affiliation and nick changes), the room's affiliation announcements for people
 * not in the room (XEP-0045 example 195) and configuration change notices (status 104, 172–174).
 *
 * <p>Presences are read by a Smack sync listener, which runs in stanza order before the account worker gets the
 * messages that follow them, so the sender of a live message is known when the worker decrypts it. Occupants that
 * left stay known (marked absent) for messages still on their way; a new presence under that nick replaces them.
 */
public final class RoomMembers {
    private static final Logger LOG = Logger.getLogger(RoomMembers.class.getName());
    private static final Set<MUCAffiliation> MEMBERS = EnumSet.of(MUCAffiliation.owner, MUCAffiliation.admin, MUCAffiliation.member);
    /** XEP-0045 status codes after which the room's disco#info is asked again. */
    private static final Set<Integer> CONFIGURATION_CHANGED = Set.of(104, 172, 173, 174);

    /** What the room's disco#info says about who can see whom. */
    public record Security(boolean membersOnly, boolean nonAnonymous) {
        /** XEP-0384: OMEMO needs a non-anonymous room, and Sotto also a members-only one (a fixed set of readers). */
        public boolean encryptable() {
            return membersOnly && nonAnonymous;
        }
    }

    private record Occupant(String realJid, boolean present) {
    }

    private static final class Room {
        volatile Security security;
        final Map<String, MUCAffiliation> affiliations = new ConcurrentHashMap<>();
        final Map<String, Occupant> occupants = new ConcurrentHashMap<>();
    }

    private final String account;
    private final Executor worker;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    /** Rooms entered (and their lists read) since the last non-resumed login: queued messages may go there. */
    private final Set<String> entered = ConcurrentHashMap.newKeySet();
    private volatile Consumer<String> onChange = room -> { };

    RoomMembers(String account, Executor worker) {
        this.account = account;
        this.worker = worker;
    }

    /** Starts keeping track of a room (before entering it, so its presences are not missed). */
    void track(String room) {
        rooms.computeIfAbsent(room, r -> new Room());
    }

    void forget(String room) {
        rooms.remove(room);
        entered.remove(room);
        onChange.accept(room);
    }

    /** A non-resumed login: the server forgot the user's rooms until they are entered again. */
    void notEntered() {
        entered.clear();
    }

    /** True once the room was entered in this session and its members read (so a queued message may be encrypted). */
    public boolean entered(String room) {
        return entered.contains(room);
    }

    /** True for a room the account is in (or entering); its features may still be unknown. */
    public boolean tracked(String room) {
        return rooms.containsKey(room);
    }

    /** Called (on any thread) with a room whose members or features may have changed. */
    public void onChange(Consumer<String> listener) {
        this.onChange = listener;
    }

    /** Listens to presences and room notices of tracked rooms; to call when a connection is created. */
    void install(XMPPConnection connection) {
        connection.addSyncStanzaListener(stanza -> observe(connection, stanza),
                stanza -> stanza.getFrom() != null && rooms.containsKey(stanza.getFrom().asBareJid().toString())
                        && (stanza instanceof Presence || stanza instanceof Message));
    }

    /**
     * After entering: the room's features, the affiliation lists and the occupants Smack saw while entering.
     * Blocks on the server (account worker).
     */
    void refresh(XMPPConnection connection, MultiUserChat muc) throws InterruptedException {
        String roomJid = muc.getRoom().toString();
        Room room = rooms.computeIfAbsent(roomJid, r -> new Room());
        refreshSecurity(connection, roomJid);
        for (MUCAffiliation affiliation : MEMBERS) {
            try {
                List<Affiliate> list = switch (affiliation) {
                    case owner -> muc.getOwners();
                    case admin -> muc.getAdmins();
                    default -> muc.getMembers();
                };
                room.affiliations.entrySet().removeIf(e -> e.getValue() == affiliation);
                for (Affiliate affiliate : list) {
                    if (affiliate.getJid() != null) {
                        room.affiliations.put(affiliate.getJid().asBareJid().toString(), affiliation);
                    }
                }
            } catch (XMPPException.XMPPErrorException e) {
                // the room lets only some affiliations read the lists: what the user may not read stays as learnt
                LOG.fine(() -> account + " may not read the " + affiliation + " list of " + roomJid + ": " + e.getStanzaError());
            } catch (Exception e) {
                if (e instanceof InterruptedException interrupted) {
                    throw interrupted;
                }
                LOG.log(Level.INFO, account + ": cannot read the " + affiliation + " list of " + roomJid, e);
            }
        }
        // Smack's view of who is in the room now (e.g. after leaving and entering again, some left meanwhile)
        Set<String> present = new HashSet<>();
        for (EntityFullJid occupantJid : muc.getOccupants()) {
            org.jivesoftware.smackx.muc.Occupant occupant = muc.getOccupant(occupantJid);
            if (occupant != null && occupant.getJid() != null) {
                String nick = occupantJid.getResourceOrEmpty().toString();
                present.add(nick);
                room.occupants.put(nick, new Occupant(occupant.getJid().asBareJid().toString(), true));
            }
        }
        room.occupants.replaceAll((nick, o) -> present.contains(nick) ? o : new Occupant(o.realJid(), false));
        entered.add(roomJid);
        onChange.accept(roomJid);
    }

    /** Asks the room's disco#info again (account worker); unknown when the room does not answer. */
    public Optional<Security> refreshSecurity(XMPPConnection connection, String roomJid) throws InterruptedException {
        Room room = rooms.get(roomJid);
        if (room == null) {
            return Optional.empty();
        }
        try {
            EntityBareJid jid = JidCreate.entityBareFrom(roomJid);
            RoomInfo info = MultiUserChatManager.getInstanceFor(connection).getRoomInfo(jid);
            room.security = new Security(info.isMembersOnly(), info.isNonanonymous());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.log(Level.INFO, account + ": no disco#info from " + roomJid, e);
            room.security = null;
        }
        onChange.accept(roomJid);
        return Optional.ofNullable(room.security);
    }

    /** What the room's disco#info said when last asked; empty for rooms not joined or not answering. */
    public Optional<Security> security(String room) {
        return Optional.ofNullable(rooms.get(room)).map(r -> r.security);
    }

    /**
     * The real bare JIDs an encrypted message to the room goes to: owners, admins and members (also those not in
     * the room now) and the occupants present now. The account itself is included when it is one of them.
     */
    public Set<String> members(String room) {
        Room r = rooms.get(room);
        if (r == null) {
            return Set.of();
        }
        Set<String> jids = new TreeSet<>();
        r.affiliations.forEach((jid, affiliation) -> {
            if (MEMBERS.contains(affiliation)) {
                jids.add(jid);
            }
        });
        r.occupants.values().stream().filter(Occupant::present).map(Occupant::realJid).forEach(jids::add);
        return jids;
    }

    /** The real bare JID behind an occupant JID (room/nick), as the room's presence told it. */
    public Optional<String> realJid(String occupantJid) {
        int slash = occupantJid.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        Room room = rooms.get(occupantJid.substring(0, slash));
        return room == null ? Optional.empty()
                : Optional.ofNullable(room.occupants.get(occupantJid.substring(slash + 1))).map(Occupant::realJid);
    }

    /**
     * The sender's real bare JID in a message from a room's archive: Prosody's muc_mam adds
     * {@code <x xmlns='http://jabber.org/protocol/muc#user'><item jid='…'/></x>} to archived messages of rooms where
     * anyone may see real JIDs. An occupant could put such an element into its own message too, so the answer is
     * empty unless all such items name the same JID.
     */
    public static Optional<String> archivedSender(Message archived) {
        Set<String> named = new LinkedHashSet<>();
        for (ExtensionElement element : archived.getExtensions(MUCUser.ELEMENT, MUCUser.NAMESPACE)) {
            if (element instanceof MUCUser user && user.getItem() != null && user.getItem().getJid() != null) {
                named.add(user.getItem().getJid().asBareJid().toString());
            }
        }
        return named.size() == 1 ? Optional.of(named.iterator().next()) : Optional.empty();
    }

    /** An affiliation this account just set (the room's own announcement may still be on its way). */
    void affiliationChanged(String room, String jid, MUCAffiliation affiliation) {
        Room r = rooms.get(room);
        if (r != null) {
            setAffiliation(r, jid, affiliation);
            onChange.accept(room);
        }
    }

    private void observe(XMPPConnection connection, Stanza stanza) {
        String roomJid = stanza.getFrom().asBareJid().toString();
        Room room = rooms.get(roomJid);
        MUCUser user = MUCUser.from(stanza);
        if (room == null || user == null) {
            return;
        }
        MUCItem item = user.getItem();
        if (stanza instanceof Presence presence && stanza.getFrom().hasResource()) {
            String nick = stanza.getFrom().getResourceOrEmpty().toString();
            Jid real = item == null ? null : item.getJid();
            if (real != null) {
                boolean present = presence.getType() != Presence.Type.unavailable;
                room.occupants.put(nick, new Occupant(real.asBareJid().toString(), present));
            } else if (presence.getType() == Presence.Type.unavailable) {
                room.occupants.computeIfPresent(nick, (n, o) -> new Occupant(o.realJid(), false));
            }
        }
        if (item != null && item.getJid() != null && item.getAffiliation() != null) {
            // presence of an occupant, or the room's message about someone not in the room (XEP-0045 ex. 195)
            if (stanza instanceof Presence || !stanza.getFrom().hasResource()) {
                setAffiliation(room, item.getJid().asBareJid().toString(), item.getAffiliation());
            }
        }
        if (stanza instanceof Presence) {
            onChange.accept(roomJid);
        }
        boolean reconfigured = user.getStatus().stream().anyMatch(s -> CONFIGURATION_CHANGED.contains(s.getCode()));
        if (reconfigured && !stanza.getFrom().hasResource()) {
            worker.execute(() -> {
                try {
                    refreshSecurity(connection, roomJid);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private static void setAffiliation(Room room, String jid, MUCAffiliation affiliation) {
        if (MEMBERS.contains(affiliation)) {
            room.affiliations.put(jid, affiliation);
        } else {
            room.affiliations.remove(jid); // none or outcast: no longer a recipient
        }
    }
}
