package org.sotto.core.internal.muc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.OrFilter;
import org.jivesoftware.smack.filter.PresenceTypeFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager.MamQuery;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.element.MamElements.MamResultExtension;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.MucEnterConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.filter.MUCUserStatusCodeFilter;
import org.jivesoftware.smackx.muc.packet.MUCInitialPresence;
import org.jivesoftware.smackx.xdata.form.FillableForm;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.contacts.Availability;
import org.sotto.core.api.event.ChatEncryptionChanged;
import org.sotto.core.api.event.InvitationReceived;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.api.event.OccupantsChanged;
import org.sotto.core.api.event.SubjectChanged;
import org.sotto.core.api.room.Affiliation;
import org.sotto.core.api.room.Bookmark;
import org.sotto.core.api.room.Invitation;
import org.sotto.core.api.room.Occupant;
import org.sotto.core.api.room.Role;
import org.sotto.core.api.room.RoomConfig;
import org.sotto.core.api.room.RoomEncryptionState;
import org.sotto.core.api.room.RoomException;
import org.sotto.core.api.room.Rooms;
import org.sotto.core.internal.chat.pipeline.InboundMessage;
import org.sotto.core.internal.chat.pipeline.InboundPipeline;
import org.sotto.core.internal.chat.pipeline.OutboundMessage;
import org.sotto.core.internal.chat.pipeline.OutboundPipeline;
import org.sotto.core.internal.chat.pipeline.PipelineContext;
import org.sotto.core.internal.connection.ConnectionSupervisor;
import org.sotto.core.internal.contacts.OwnPresence;

/**
 * Group chats (XEP-0045) of one account: join (creating the room if needed), leave, nickname, occupants, subject,
 * invitations, and history from the room's archive (XEP-0313) instead of the room's limited replay. Room messages
 * run through the same pipelines as 1:1 messages.
 */
public final class GroupChatService implements Rooms {
    private static final Logger LOG = Logger.getLogger(GroupChatService.class.getName());
    private final PipelineContext context;
    private final ExecutorService worker;
    private final ConnectionSupervisor supervisor;
    private final Supplier<InboundPipeline> inbound;
    private final Supplier<OutboundPipeline> outbound;
    private final OwnPresence ownPresence;
    /** room bare JID → own nickname, for rooms the user is in. */
    private final Map<String, String> joined = new ConcurrentHashMap<>();
    /** Room objects this service already listens to. */
    private final Set<MultiUserChat> listened = ConcurrentHashMap.newKeySet();
    /** Members, real JIDs and features of the joined rooms, for OMEMO. */
    private final RoomMembers members;
    /** room → who is in it, for the rooms someone asked about (kept while the user is in them). */
    private final Map<String, ObservableValue<List<Occupant>>> occupantLists = new ConcurrentHashMap<>();
    /** room → whether a send there is encrypted, for the rooms someone asked about. */
    private final Map<String, ObservableValue<RoomEncryptionState>> encryptionStates = new ConcurrentHashMap<>();
    private final ObservableValue<List<Invitation>> invitations;
    /** How OMEMO sees a room (set when OMEMO is enabled). */
    private volatile Function<String, RoomEncryptionState> encryption = room -> new RoomEncryptionState(
            Encryption.PLAINTEXT, Optional.of(RoomEncryptionState.NotEncrypted.NO_OMEMO), Set.of());

    public GroupChatService(PipelineContext context, ExecutorService worker, ConnectionSupervisor supervisor,
                            Supplier<InboundPipeline> inbound, Supplier<OutboundPipeline> outbound,
                            OwnPresence ownPresence) {
        this.context = context;
        this.ownPresence = ownPresence;
        this.worker = worker;
        this.supervisor = supervisor;
        this.inbound = inbound;
        this.outbound = outbound;
        this.members = new RoomMembers(context.account(), worker);
        ownPresence.onChange(() -> worker.execute(this::availabilityToRooms));
        this.invitations = new ObservableValue<>(List.of(), context.events()::execute);
        context.events().subscribe(ChatEncryptionChanged.class, e -> {
            if (e.account().equals(context.account()) && encryptionStates.containsKey(e.peer())) {
                refreshEncryption(e.peer());
            }
        });
    }

    /** OMEMO in rooms: how a room's encryption state is computed ({@code RoomEncryption.state}). */
    public void useEncryption(Function<String, RoomEncryptionState> states) {
        this.encryption = states;
        encryptionStates.keySet().forEach(this::refreshEncryption);
    }

    /** Recomputes the room's encryption state on the worker (it reads device lists), if someone follows it. */
    private void refreshEncryption(String room) {
        ObservableValue<RoomEncryptionState> value = encryptionStates.get(room);
        if (value != null) {
            worker.execute(() -> {
                try {
                    value.set(members.tracked(room) ? encryption.apply(room) : RoomEncryptionState.unknown());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, context.account() + ": no encryption state for " + room, e);
                }
            });
        }
    }

    /** The members and features of the joined rooms (what OMEMO in rooms needs). */
    public RoomMembers members() {
        return members;
    }

    public Optional<String> ownNickname(String room) {
        return Optional.ofNullable(joined.get(room));
    }

    public void install(XMPPTCPConnection connection) {
        BookmarkNotifications.install(connection, context.account(), context.events());
        // the chosen availability on every presence to a room the user is in or enters (joins, nickname changes)
        connection.addPresenceInterceptor(ownPresence::applyToOccupantPresence, presence -> presence.getTo() != null
                && presence.getType() == Presence.Type.available
                && joined.containsKey(presence.getTo().asBareJid().toString()));
        MultiUserChatManager.getInstanceFor(connection).addInvitationListener((conn, room, inviter, reason, password, message, invitation) -> {
            String roomJid = room.getRoom().toString();
            String from = inviterName(roomJid, invitation != null && invitation.getFrom() != null ? invitation.getFrom() : inviter);
            Optional<String> why = Optional.ofNullable(reason).filter(r -> !r.isEmpty());
            synchronized (invitations) {
                List<Invitation> next = new ArrayList<>(invitations.get());
                next.removeIf(i -> i.room().equals(roomJid)); // a new invitation into the same room replaces the old
                next.add(new Invitation(roomJid, from, why, Instant.now()));
                invitations.set(List.copyOf(next));
            }
            context.events().publish(new InvitationReceived(context.account(), roomJid, from, why));
        });
        members.install(connection);
    }

    /**
     * XEP-0045 §7.7: a new availability is sent to each room the user is in; not "offline", whose broadcast
     * "unavailable" the server passes on to the rooms itself.
     */
    private void availabilityToRooms() {
        if (!ownPresence.online()) {
            return;
        }
        supervisor.authenticated().ifPresent(connection -> joined.forEach((room, nick) -> {
            if (!members.entered(room)) {
                return; // not in it on this connection yet: a presence without MUC's element would be a join
            }
            try {
                connection.sendStanza(connection.getStanzaFactory().buildPresenceStanza()
                        .to(JidCreate.entityFullFrom(room(room), nick(nick))).ofType(Presence.Type.available).build());
            } catch (Exception e) { // the next join carries it
                LOG.log(Level.FINE, "availability not sent to a room", e);
            }
        }));
    }

    /** The inviter's bare JID, or their occupant JID (room/nick) when the room hides real JIDs (semi-anonymous). */
    private static String inviterName(String room, Jid inviter) {
        return inviter.asBareJid().toString().equals(room) ? inviter.toString() : inviter.asBareJid().toString();
    }

    /** Joins (creating an instant room if it does not exist) and fetches the room's recent archive. */
    @Override
    public CompletableFuture<Void> join(String room, String nickname) {
        EntityBareJid roomJid = room(room);
        Resourcepart nick = nick(nickname);
        return call(roomJid.toString(), connection -> {
            boolean wasIn = joined.containsKey(roomJid.toString());
            try {
                enter(connection, roomJid, nick);
            } catch (Exception e) {
                if (!wasIn) { // not entered: nothing to rejoin, no members to encrypt for
                    forget(roomJid.toString());
                }
                throw RoomFailures.entering(roomJid.toString(), e);
            }
            answered(roomJid.toString());
            return null;
        });
    }

    /** The user is no longer in the room (left, or never got in). */
    private void forget(String room) {
        joined.remove(room);
        members.forget(room);
        Optional.ofNullable(occupantLists.get(room)).ifPresent(list -> list.set(List.of()));
        refreshEncryption(room);
    }

    /** The user entered the room: an invitation into it is answered. */
    private void answered(String room) {
        synchronized (invitations) {
            List<Invitation> next = new ArrayList<>(invitations.get());
            if (next.removeIf(i -> i.room().equals(room))) {
                invitations.set(List.copyOf(next));
            }
        }
    }

    private void enter(XMPPTCPConnection connection, EntityBareJid roomJid, Resourcepart nick) throws Exception {
        MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid);
        joined.put(roomJid.toString(), nick.toString());
        members.track(roomJid.toString());
        if (!muc.isJoined()) {
            listen(muc);
            MucEnterConfiguration enter = muc.getEnterConfigurationBuilder(nick).requestNoHistory().build();
            MultiUserChat.MucCreateConfigFormHandle created = muc.createOrJoin(enter);
            if (created != null) {
                created.makeInstant();
            }
        } else if (!members.entered(roomJid.toString())) {
            enterAgain(connection, roomJid, nick);
        }
        members.refresh(connection, muc);
        catchUp(connection, muc);
        publishOccupants(muc);
        refreshEncryption(roomJid.toString());
    }

    /**
     * After a login that did not resume the stream the server no longer has the user in the room, but Smack's room
     * object still thinks it is joined (Smack 4.4.8 resets it only on a reflected leave), so its join refuses: the
     * join presence is sent here and the room's self-presence (status 110) awaited; Smack's listeners on the room
     * object still follow the room's presences and messages.
     */
    private static void enterAgain(XMPPTCPConnection connection, EntityBareJid roomJid, Resourcepart nick) throws Exception {
        EntityFullJid occupant = JidCreate.entityFullFrom(roomJid, nick);
        Presence join = connection.getStanzaFactory().buildPresenceStanza().to(occupant).ofType(Presence.Type.available)
                .addExtension(new MUCInitialPresence(null, -1, 0, -1, null)).build();
        StanzaCollector answer = connection.createStanzaCollectorAndSend(new AndFilter(StanzaTypeFilter.PRESENCE,
                new OrFilter(
                        new AndFilter(FromMatchesFilter.createBare(roomJid),
                                MUCUserStatusCodeFilter.STATUS_110_PRESENCE_TO_SELF),
                        new AndFilter(FromMatchesFilter.createFull(occupant),
                                PresenceTypeFilter.ERROR))), join);
        try {
            answer.nextResultOrThrow();
        } finally {
            answer.cancel();
        }
    }

    private void listen(MultiUserChat muc) {
        String room = muc.getRoom().toString();
        if (!listened.add(muc)) {
            return; // Smack reuses the room object after a nick change or a rejoin; listen once
        }
        muc.addSubjectUpdatedListener((subject, from) ->
                context.events().publish(new SubjectChanged(context.account(), room, subject == null ? "" : subject)));
        // every occupant presence (joins, leaves, nick, role, affiliation and availability changes); Smack updates
        // its occupant map before it calls this
        muc.addParticipantListener(presence -> {
            publishOccupants(muc);
            refreshEncryption(room);
        });
    }

    private void publishOccupants(MultiUserChat muc) {
        String room = muc.getRoom().toString();
        if (!joined.containsKey(room)) {
            return; // the presences of leaving: the user is no longer there
        }
        List<Occupant> now = occupantsOf(muc);
        Optional.ofNullable(occupantLists.get(room)).ifPresent(list -> list.set(now));
        context.events().publish(new OccupantsChanged(context.account(), room,
                now.stream().map(Occupant::nickname).toList()));
    }

    private List<Occupant> occupantsOf(MultiUserChat muc) {
        String own = joined.get(muc.getRoom().toString());
        List<Occupant> list = new ArrayList<>();
        for (EntityFullJid jid : muc.getOccupants()) {
            org.jivesoftware.smackx.muc.Occupant occupant = muc.getOccupant(jid);
            Presence presence = muc.getOccupantPresence(jid);
            if (occupant == null || presence == null) {
                continue;
            }
            String nick = jid.getResourceOrEmpty().toString();
            list.add(new Occupant(nick, Optional.ofNullable(occupant.getJid()).map(j -> j.asBareJid().toString()),
                    role(occupant.getRole()), affiliation(occupant.getAffiliation()), availability(presence),
                    Optional.ofNullable(presence.getStatus()).filter(t -> !t.isEmpty()), nick.equals(own)));
        }
        list.sort(Comparator.comparing(Occupant::nickname));
        return List.copyOf(list);
    }

    private static Role role(MUCRole role) {
        if (role == null) {
            return Role.NONE;
        }
        return switch (role) {
            case moderator -> Role.MODERATOR;
            case participant -> Role.PARTICIPANT;
            case visitor -> Role.VISITOR;
            case none -> Role.NONE;
        };
    }

    private static Affiliation affiliation(MUCAffiliation affiliation) {
        if (affiliation == null) {
            return Affiliation.NONE;
        }
        return switch (affiliation) {
            case owner -> Affiliation.OWNER;
            case admin -> Affiliation.ADMIN;
            case member -> Affiliation.MEMBER;
            case outcast -> Affiliation.OUTCAST;
            case none -> Affiliation.NONE;
        };
    }

    private static Availability availability(Presence presence) {
        if (presence.getType() != Presence.Type.available) {
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

    /** Room history from the room's archive after the last stored position (or the recent page). */
    private void catchUp(XMPPTCPConnection connection, MultiUserChat muc) {
        String room = muc.getRoom().toString();
        try {
            MamManager mam = MamManager.getInstanceFor(muc);
            if (!mam.isSupported()) {
                return;
            }
            Optional<String> position = context.positions().lastArchiveId(context.account(), room);
            MamQueryArgs args = position.map(id -> MamQueryArgs.builder().afterUid(id).setResultPageSizeTo(100).build())
                    .orElse(MamQueryArgs.builder().queryLastPage().setResultPageSizeTo(50).build());
            while (true) {
                MamQuery query = mam.queryArchive(args);
                List<Message> carriers = query.getPage().getMamResultCarrierMessages();
                for (Message carrier : carriers) {
                    InboundMessage result = InboundMessage.archived(carrier, room, false);
                    inbound.get().run(position.isEmpty() ? result.asReadHistory() : result); // first join: old history
                }
                if (position.isEmpty() || query.isComplete() || carriers.isEmpty()) {
                    return;
                }
                String last = MamResultExtension.from(carriers.get(carriers.size() - 1)).getId();
                args = MamQueryArgs.builder().afterUid(last).setResultPageSizeTo(100).build();
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(Level.INFO, context.account() + ": no archive history for " + room, e);
        }
    }

    /**
     * Creates a room for end-to-end encryption and enters it: members-only and non-anonymous (anyone may see real
     * JIDs), as XEP-0384 requires, and persistent (its members and archive outlive empty moments). Fails when the room
     * exists already. Add people with {@link #addMember} (or {@link #invite}, which makes them members too).
     */
    public CompletableFuture<Void> createPrivateRoom(String room, String nickname) {
        return create(RoomConfig.privateRoom(room, nickname));
    }

    /**
     * Creates and configures the room (name, description, members-only, who may see real JIDs, persistent), makes
     * the listed people members and invites them. Fails with {@code ROOM_EXISTS} when the room exists.
     */
    @Override
    public CompletableFuture<Void> create(RoomConfig config) {
        EntityBareJid roomJid = room(config.room());
        Resourcepart nick = nick(config.nickname());
        List<EntityBareJid> invited = config.members().stream().sorted().map(GroupChatService::room).toList();
        String roomName = roomJid.toString();
        return call(roomName, connection -> {
            if (joined.containsKey(roomName)) {
                throw new RoomException(RoomException.Reason.ROOM_EXISTS, roomName, "the user is in the room already");
            }
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid);
            members.track(roomName);
            listen(muc);
            joined.put(roomName, nick.toString());
            try {
                muc.create(nick); // not createOrJoin: an existing room keeps its own (possibly open) configuration
            } catch (Exception e) {
                forget(roomName);
                throw RoomFailures.entering(roomName, e);
            }
            FillableForm form = muc.getConfigurationForm().getFillableForm();
            form.setAnswer("muc#roomconfig_membersonly", config.membersOnly());
            form.setAnswer("muc#roomconfig_whois", config.nonAnonymous() ? "anyone" : "moderators");
            form.setAnswer("muc#roomconfig_persistentroom", true);
            if (config.name().isPresent()) {
                form.setAnswer("muc#roomconfig_roomname", config.name().get());
            }
            if (config.description().isPresent()) {
                form.setAnswer("muc#roomconfig_roomdesc", config.description().get());
            }
            muc.sendConfigurationForm(form);
            for (EntityBareJid member : invited) {
                muc.grantMembership(member);
                members.affiliationChanged(roomName, member.toString(), MUCAffiliation.member);
                muc.invite(member, "");
            }
            members.refresh(connection, muc);
            catchUp(connection, muc);
            publishOccupants(muc);
            refreshEncryption(roomName);
            return null;
        });
    }

    /** Makes someone a member of the room (XEP-0045 §9.3; needs the user to be an admin or owner there). */
    public CompletableFuture<Void> addMember(String room, String jid) {
        EntityBareJid roomJid = room(room);
        EntityBareJid who = room(jid);
        return call(roomJid.toString(), connection -> {
            MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid).grantMembership(who);
            members.affiliationChanged(roomJid.toString(), who.toString(), MUCAffiliation.member);
            return null;
        });
    }

    /**
     * After a login that did not resume the stream, the server forgot the user's rooms: enter them again, and the
     * bookmarked rooms marked autojoin (also those another client of the user bookmarked).
     */
    public void rejoin(XMPPTCPConnection connection) {
        members.notEntered();
        try {
            for (Bookmark bookmark : readBookmarks(connection)) {
                if (bookmark.autojoin() && !joined.containsKey(bookmark.room())) {
                    joined.put(bookmark.room(), bookmark.nickname().orElse(connection.getUser().getLocalpart().toString()));
                }
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            LOG.log(Level.INFO, context.account() + ": cannot read bookmarks", e);
        }
        for (Map.Entry<String, String> room : Map.copyOf(joined).entrySet()) {
            try {
                enter(connection, room(room.getKey()), nick(room.getValue()));
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                LOG.log(Level.WARNING, context.account() + ": cannot rejoin " + room.getKey(), e);
            }
        }
    }

    /** Bookmarks of group chats: XEP-0402 (PEP) where the server keeps it in sync with XEP-0048, else XEP-0048. */
    @Override
    public CompletableFuture<List<Bookmark>> bookmarks() {
        return call(null, this::readBookmarks);
    }

    private List<Bookmark> readBookmarks(XMPPTCPConnection connection) throws Exception {
        if (NativeBookmarks.supported(connection)) {
            return NativeBookmarks.list(connection);
        }
        return LegacyBookmarks.list(connection);
    }

    /** Adds or replaces the bookmark of a room. */
    @Override
    public CompletableFuture<Void> bookmark(String room, String name, Optional<String> nickname, boolean autojoin) {
        EntityBareJid roomJid = room(room);
        Resourcepart nick = nickname.map(GroupChatService::nick).orElse(null);
        return call(roomJid.toString(), connection -> {
            if (NativeBookmarks.supported(connection)) {
                NativeBookmarks.publish(connection, new Bookmark(roomJid.toString(), name,
                        Optional.ofNullable(nick).map(Resourcepart::toString), autojoin));
            } else {
                LegacyBookmarks.put(connection, name, roomJid, autojoin, nick);
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> removeBookmark(String room) {
        EntityBareJid roomJid = room(room);
        return call(roomJid.toString(), connection -> {
            if (NativeBookmarks.supported(connection)) {
                NativeBookmarks.retract(connection, roomJid.toString());
            } else {
                LegacyBookmarks.remove(connection, roomJid);
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> leave(String room) {
        EntityBareJid roomJid = room(room);
        return call(roomJid.toString(), connection -> {
            forget(roomJid.toString());
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid);
            if (muc.isJoined()) {
                muc.leave();
            }
            return null;
        });
    }

    @Override
    public Set<String> joined() {
        return Set.copyOf(joined.keySet());
    }

    @Override
    public Optional<String> nickname(String room) {
        return ownNickname(room);
    }

    @Override
    public CompletableFuture<Void> changeNickname(String room, String nickname) {
        EntityBareJid roomJid = room(room);
        Resourcepart nick = nick(nickname);
        return call(roomJid.toString(), connection -> {
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid);
            if (!muc.isJoined()) {
                throw notIn(roomJid.toString());
            }
            // Not Smack's MultiUserChat.changeNickname: it holds the room object's lock while it waits, but the
            // room's own unavailable presence with status 303 (XEP-0045 §7.6) makes Smack's presence listener call
            // the synchronized userHasLeft(), which blocks the listener thread until the wait times out, and then
            // forgets the room (listeners removed, not joined). So: send the presence here, wait for the presence of
            // the new occupant JID without any lock, then enter again under the new nick, for which the server sends
            // the room state again (occupants, own presence with 110) and Smack's room object is joined again.
            EntityFullJid newOccupant = JidCreate.entityFullFrom(roomJid, nick);
            Presence change = connection.getStanzaFactory().buildPresenceStanza().to(newOccupant)
                    .ofType(Presence.Type.available).build();
            StanzaCollector answer = connection.createStanzaCollectorAndSend(
                    new AndFilter(FromMatchesFilter.createFull(newOccupant), StanzaTypeFilter.PRESENCE), change);
            try {
                Presence answered = answer.nextResultOrThrow();
                if (answered.getType() == Presence.Type.error) { // e.g. conflict: someone has that nick
                    throw new XMPPException.XMPPErrorException(answered, answered.getError());
                }
            } finally {
                answer.cancel();
            }
            joined.put(roomJid.toString(), nick.toString());
            if (muc.isJoined()) {
                muc.leave(); // not expected: Smack kept the old nick; never leave two occupants behind
            }
            enter(connection, roomJid, nick);
            return null;
        });
    }

    /** The nicknames in the room now, as Smack saw them (needs the connection). */
    public CompletableFuture<List<String>> occupantNicknames(String room) {
        EntityBareJid roomJid = room(room);
        return call(roomJid.toString(), connection -> MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid)
                .getOccupants().stream().map(j -> j.getResourceOrEmpty().toString()).sorted().toList());
    }

    @Override
    public ObservableValue<List<Occupant>> occupants(String room) {
        String roomJid = room(room).toString();
        return occupantLists.computeIfAbsent(roomJid, r -> {
            ObservableValue<List<Occupant>> value = new ObservableValue<>(List.of(), context.events()::execute);
            worker.execute(() -> supervisor.authenticated().ifPresent(connection -> {
                MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(room(roomJid));
                if (joined.containsKey(roomJid) && muc.isJoined()) {
                    value.set(occupantsOf(muc));
                }
            }));
            return value;
        });
    }

    @Override
    public ObservableValue<RoomEncryptionState> encryption(String room) {
        String roomJid = room(room).toString();
        ObservableValue<RoomEncryptionState> value = encryptionStates.computeIfAbsent(roomJid,
                r -> new ObservableValue<>(RoomEncryptionState.unknown(), context.events()::execute));
        refreshEncryption(roomJid);
        return value;
    }

    @Override
    public CompletableFuture<Optional<String>> subject(String room) {
        EntityBareJid roomJid = room(room);
        return call(roomJid.toString(), connection -> Optional.ofNullable(
                MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid).getSubject()));
    }

    @Override
    public CompletableFuture<Void> changeSubject(String room, String subject) {
        EntityBareJid roomJid = room(room);
        Objects.requireNonNull(subject, "subject");
        return call(roomJid.toString(), connection -> {
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid);
            if (!muc.isJoined()) {
                throw notIn(roomJid.toString());
            }
            muc.changeSubject(subject);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> invite(String room, String contact, Optional<String> reason) {
        EntityBareJid roomJid = room(room);
        EntityBareJid who = room(contact);
        return call(roomJid.toString(), connection -> {
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid);
            if (!muc.isJoined()) {
                throw notIn(roomJid.toString());
            }
            muc.invite(who, reason.orElse(""));
            return null;
        });
    }

    @Override
    public ObservableValue<List<Invitation>> invitations() {
        return invitations;
    }

    @Override
    public CompletableFuture<Void> accept(Invitation invitation, String nickname) {
        return join(invitation.room(), nickname);
    }

    @Override
    public CompletableFuture<Void> decline(Invitation invitation, Optional<String> reason) {
        EntityBareJid roomJid = room(invitation.room());
        return call(roomJid.toString(), connection -> {
            if (!invitation.inviter().contains("/")) { // an occupant JID (anonymous room) cannot be declined to
                MultiUserChatManager.getInstanceFor(connection).decline(roomJid, room(invitation.inviter()),
                        reason.orElse(null));
            }
            answered(roomJid.toString());
            return null;
        });
    }

    /** Sends a message to the room; like 1:1 messages it is stored first and queued while offline. */
    public CompletableFuture<ChatMessage> send(String room, String body) {
        String roomJid = room(room).toString();
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("a message needs some text");
        }
        return CompletableFuture.supplyAsync(() -> {
            if (!joined.containsKey(roomJid)) {
                throw new CompletionException(notIn(roomJid));
            }
            OutboundMessage message = OutboundMessage.text(roomJid, ChatKind.GROUPCHAT, body, Optional.empty());
            try {
                outbound.get().run(message);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
            return message.entry().orElseThrow();
        }, worker);
    }

    public CompletableFuture<List<ChatMessage>> history(String room, int limit) {
        String roomJid = room(room).toString();
        return CompletableFuture.supplyAsync(() -> context.log().history(context.account(), roomJid, Optional.empty(), limit), worker);
    }

    private interface NetworkCall<T> {
        T run(XMPPTCPConnection connection) throws Exception;
    }

    /** Runs on the account's worker with the connection; every failure becomes a {@link RoomException}. */
    private <T> CompletableFuture<T> call(String room, NetworkCall<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            Optional<XMPPTCPConnection> connection = supervisor.authenticated();
            if (connection.isEmpty()) {
                throw new CompletionException(new RoomException(RoomException.Reason.NOT_CONNECTED, room,
                        context.account() + " is not connected"));
            }
            try {
                return work.run(connection.get());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new CompletionException(RoomFailures.of(room, e));
            }
        }, worker);
    }

    private static RoomException notIn(String room) {
        return new RoomException(RoomException.Reason.NOT_IN_ROOM, room, "not in the room");
    }

    private static EntityBareJid room(String jid) {
        try {
            return JidCreate.entityBareFrom(Objects.requireNonNull(jid, "room"));
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("not a valid address (name@service): " + jid, e);
        }
    }

    private static Resourcepart nick(String nickname) {
        try {
            return Resourcepart.from(Objects.requireNonNull(nickname, "nickname"));
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("not a valid nickname: " + nickname, e);
        }
    }
}
