package org.sotto.core.muc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager.MamQuery;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.element.MamElements.MamResultExtension;
import org.jivesoftware.smackx.muc.MucEnterConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.ParticipantStatusListener;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.sotto.core.api.NotConnectedException;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.event.InvitationReceived;
import org.sotto.core.api.event.OccupantsChanged;
import org.sotto.core.api.event.SubjectChanged;
import org.sotto.core.chat.pipeline.InboundMessage;
import org.sotto.core.chat.pipeline.InboundPipeline;
import org.sotto.core.chat.pipeline.OutboundMessage;
import org.sotto.core.chat.pipeline.OutboundPipeline;
import org.sotto.core.chat.pipeline.PipelineContext;
import org.sotto.core.connection.ConnectionSupervisor;

/**
 * Group chats (XEP-0045) of one account: join (creating the room if needed), leave, nickname, occupants, subject,
 * invitations, and history from the room's archive (XEP-0313) instead of the room's limited replay. Room messages
 * run through the same pipelines as 1:1 messages.
 */
public final class GroupChatService {
    private static final Logger LOG = Logger.getLogger(GroupChatService.class.getName());
    private final PipelineContext context;
    private final ExecutorService worker;
    private final ConnectionSupervisor supervisor;
    private final Supplier<InboundPipeline> inbound;
    private final Supplier<OutboundPipeline> outbound;
    /** room bare JID → own nickname, for rooms the user is in. */
    private final Map<String, String> joined = new ConcurrentHashMap<>();
    /** Room objects this service already listens to. */
    private final Set<MultiUserChat> listened = ConcurrentHashMap.newKeySet();
    /** Members, real JIDs and features of the joined rooms, for OMEMO. */
    private final RoomMembers members;

    public GroupChatService(PipelineContext context, ExecutorService worker, ConnectionSupervisor supervisor,
                            Supplier<InboundPipeline> inbound, Supplier<OutboundPipeline> outbound) {
        this.context = context;
        this.worker = worker;
        this.supervisor = supervisor;
        this.inbound = inbound;
        this.outbound = outbound;
        this.members = new RoomMembers(context.account(), worker);
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
        MultiUserChatManager.getInstanceFor(connection).addInvitationListener((conn, room, inviter, reason, password, message, invitation) ->
                context.events().publish(new InvitationReceived(context.account(), room.getRoom().toString(),
                        inviterName(room.getRoom().toString(), invitation != null && invitation.getFrom() != null ? invitation.getFrom() : inviter),
                        Optional.ofNullable(reason).filter(r -> !r.isEmpty()))));
        members.install(connection);
    }

    /** The inviter's bare JID, or their occupant JID (room/nick) when the room hides real JIDs (semi-anonymous). */
    private static String inviterName(String room, org.jxmpp.jid.Jid inviter) {
        return inviter.asBareJid().toString().equals(room) ? inviter.toString() : inviter.asBareJid().toString();
    }

    /** Joins (creating an instant room if it does not exist) and fetches the room's recent archive. */
    public CompletableFuture<Void> join(String room, String nickname) {
        EntityBareJid roomJid = room(room);
        Resourcepart nick = nick(nickname);
        return call(connection -> {
            enter(connection, roomJid, nick);
            return null;
        });
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
                .addExtension(new org.jivesoftware.smackx.muc.packet.MUCInitialPresence(null, -1, 0, -1, null)).build();
        StanzaCollector answer = connection.createStanzaCollectorAndSend(new AndFilter(StanzaTypeFilter.PRESENCE,
                new org.jivesoftware.smack.filter.OrFilter(
                        new AndFilter(FromMatchesFilter.createBare(roomJid),
                                org.jivesoftware.smackx.muc.filter.MUCUserStatusCodeFilter.STATUS_110_PRESENCE_TO_SELF),
                        new AndFilter(FromMatchesFilter.createFull(occupant),
                                org.jivesoftware.smack.filter.PresenceTypeFilter.ERROR))), join);
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
        muc.addParticipantStatusListener(new ParticipantStatusListener() {
            @Override
            public void joined(EntityFullJid participant) {
                publishOccupants(muc);
            }

            @Override
            public void left(EntityFullJid participant) {
                publishOccupants(muc);
            }

            @Override
            public void nicknameChanged(EntityFullJid participant, Resourcepart newNickname) {
                publishOccupants(muc);
            }
        });
    }

    private void publishOccupants(MultiUserChat muc) {
        List<String> nicks = new ArrayList<>();
        for (EntityFullJid occupant : muc.getOccupants()) {
            nicks.add(occupant.getResourceOrEmpty().toString());
        }
        nicks.sort(String::compareTo);
        context.events().publish(new OccupantsChanged(context.account(), muc.getRoom().toString(), List.copyOf(nicks)));
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
        EntityBareJid roomJid = room(room);
        Resourcepart nick = nick(nickname);
        return call(connection -> {
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid);
            members.track(roomJid.toString());
            listen(muc);
            muc.create(nick); // not createOrJoin: an existing room keeps its own (possibly open) configuration
            joined.put(roomJid.toString(), nick.toString());
            org.jivesoftware.smackx.xdata.form.FillableForm form = muc.getConfigurationForm().getFillableForm();
            form.setAnswer("muc#roomconfig_membersonly", true);
            form.setAnswer("muc#roomconfig_whois", "anyone");
            form.setAnswer("muc#roomconfig_persistentroom", true);
            muc.sendConfigurationForm(form);
            members.refresh(connection, muc);
            catchUp(connection, muc);
            publishOccupants(muc);
            return null;
        });
    }

    /** Makes someone a member of the room (XEP-0045 §9.3; needs the user to be an admin or owner there). */
    public CompletableFuture<Void> addMember(String room, String jid) {
        EntityBareJid roomJid = room(room);
        EntityBareJid who = room(jid);
        return call(connection -> {
            MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid).grantMembership(who);
            members.affiliationChanged(roomJid.toString(), who.toString(), org.jivesoftware.smackx.muc.MUCAffiliation.member);
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
    public CompletableFuture<List<Bookmark>> bookmarks() {
        return call(this::readBookmarks);
    }

    private List<Bookmark> readBookmarks(XMPPTCPConnection connection) throws Exception {
        if (NativeBookmarks.supported(connection)) {
            return NativeBookmarks.list(connection);
        }
        return LegacyBookmarks.list(connection);
    }

    /** Adds or replaces the bookmark of a room. */
    public CompletableFuture<Void> bookmark(String room, String name, Optional<String> nickname, boolean autojoin) {
        EntityBareJid roomJid = room(room);
        Resourcepart nick = nickname.map(GroupChatService::nick).orElse(null);
        return call(connection -> {
            if (NativeBookmarks.supported(connection)) {
                NativeBookmarks.publish(connection, new Bookmark(roomJid.toString(), name,
                        Optional.ofNullable(nick).map(Resourcepart::toString), autojoin));
            } else {
                LegacyBookmarks.put(connection, name, roomJid, autojoin, nick);
            }
            return null;
        });
    }

    public CompletableFuture<Void> removeBookmark(String room) {
        EntityBareJid roomJid = room(room);
        return call(connection -> {
            if (NativeBookmarks.supported(connection)) {
                NativeBookmarks.retract(connection, roomJid.toString());
            } else {
                LegacyBookmarks.remove(connection, roomJid);
            }
            return null;
        });
    }

    public CompletableFuture<Void> leave(String room) {
        EntityBareJid roomJid = room(room);
        return call(connection -> {
            joined.remove(roomJid.toString());
            members.forget(roomJid.toString());
            MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid).leave();
            return null;
        });
    }

    public CompletableFuture<Void> changeNickname(String room, String nickname) {
        EntityBareJid roomJid = room(room);
        Resourcepart nick = nick(nickname);
        return call(connection -> {
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid);
            if (!muc.isJoined()) {
                throw new IllegalStateException("not in the room " + roomJid);
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
                answer.nextResultOrThrow();
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

    public CompletableFuture<List<String>> occupants(String room) {
        EntityBareJid roomJid = room(room);
        return call(connection -> MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid)
                .getOccupants().stream().map(j -> j.getResourceOrEmpty().toString()).sorted().toList());
    }

    public CompletableFuture<Optional<String>> subject(String room) {
        EntityBareJid roomJid = room(room);
        return call(connection -> Optional.ofNullable(
                MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid).getSubject()));
    }

    public CompletableFuture<Void> changeSubject(String room, String subject) {
        EntityBareJid roomJid = room(room);
        return call(connection -> {
            MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid).changeSubject(subject);
            return null;
        });
    }

    public CompletableFuture<Void> invite(String room, String contact, Optional<String> reason) {
        EntityBareJid roomJid = room(room);
        EntityBareJid who = room(contact);
        return call(connection -> {
            MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid).invite(who, reason.orElse(""));
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
                throw new IllegalStateException("not in the room " + roomJid);
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

    private <T> CompletableFuture<T> call(NetworkCall<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            XMPPTCPConnection connection = supervisor.authenticated()
                    .orElseThrow(() -> new NotConnectedException(context.account(), "this group chat action"));
            try {
                return work.run(connection);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, worker);
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
