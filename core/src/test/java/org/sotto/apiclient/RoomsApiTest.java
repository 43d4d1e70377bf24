package org.sotto.apiclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.event.Subscription;
import org.sotto.core.api.file.FileException;
import org.sotto.core.api.room.Affiliation;
import org.sotto.core.api.room.Bookmark;
import org.sotto.core.api.room.Invitation;
import org.sotto.core.api.room.Occupant;
import org.sotto.core.api.room.Role;
import org.sotto.core.api.room.RoomConfig;
import org.sotto.core.api.room.RoomEncryptionState;
import org.sotto.core.api.room.RoomException;
import org.sotto.core.internal.testing.Await;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** A group chat window's work through the API alone, against a real server with MUC. */
class RoomsApiTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private static Account online(SottoProfile profile, ProsodyServer server, String jid, String password) {
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort()), password);
        assertInstanceOf(ConnectionState.Online.class, account.connect().orTimeout(20, TimeUnit.SECONDS).join());
        return account;
    }

    private static RoomException.Reason roomFailure(Runnable action) {
        CompletionException e = assertThrows(CompletionException.class, action::run);
        return assertInstanceOf(RoomException.class, e.getCause(), String.valueOf(e.getCause())).reason();
    }

    private static Optional<Occupant> occupant(Account account, String room, String nick) {
        return account.rooms().occupants(room).get().stream().filter(o -> o.nickname().equals(nick)).findFirst();
    }

    @Test
    void createInviteTalkAndLeaveAsAGroupChatWindowDoes() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");
        String carol = server.register("carol", "carol-pw");
        String room = "plans@" + ProsodyServer.MUC_DOMAIN;
        ProfileOptions options = ProfileOptions.defaults().withCertificateTrust(server.certificate().trustManager())
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).withConnectOnOpen(false);
        try (SottoProfile aliceProfile = Profiles.inMemory(options); SottoProfile bobProfile = Profiles.inMemory(options);
             SottoProfile carolProfile = Profiles.inMemory(options)) {
            Account a = online(aliceProfile, server, alice, "alice-pw");
            Account b = online(bobProfile, server, bob, "bob-pw");
            Account offline = carolProfile.accounts().add(
                    AccountRecord.of(carol).withServer(server.host(), server.c2sPort()), "carol-pw");

            // offline: a typed refusal, not an IllegalStateException
            assertEquals(RoomException.Reason.NOT_CONNECTED, roomFailure(() -> offline.rooms().join(room, "Carol").join()));

            // alice creates a private room (members-only, non-anonymous: OMEMO works there) and invites bob
            List<List<Occupant>> seenByAlice = new CopyOnWriteArrayList<>();
            Subscription watching = a.rooms().occupants(room).subscribe(seenByAlice::add);
            a.rooms().create(RoomConfig.privateRoom(room, "Alice").withName("Plans").withMembers(Set.of(bob))).join();
            assertEquals(Set.of(room), a.rooms().joined());
            assertEquals(Optional.of("Alice"), a.rooms().nickname(room));
            Await.until("alice sees herself as owner", () -> occupant(a, room, "Alice")
                    .map(o -> o.self() && o.affiliation() == Affiliation.OWNER && o.role() == Role.MODERATOR).orElse(false));
            assertEquals(RoomException.Reason.ROOM_EXISTS,
                    roomFailure(() -> a.rooms().create(RoomConfig.privateRoom(room, "Alice")).join()));

            Await.until("bob got the invitation", () -> !b.rooms().invitations().get().isEmpty());
            Invitation invitation = b.rooms().invitations().get().get(0);
            assertEquals(room, invitation.room());
            assertEquals(alice, invitation.inviter());

            // a taken nickname is a typed failure; the invitation stays until it is answered
            assertEquals(RoomException.Reason.NICKNAME_IN_USE, roomFailure(() -> b.rooms().accept(invitation, "Alice").join()));
            assertEquals(Set.of(), b.rooms().joined());
            assertEquals(List.of(invitation), b.rooms().invitations().get());
            b.rooms().accept(invitation, "Bob").join();
            assertEquals(List.of(), b.rooms().invitations().get());

            Await.until("alice sees bob come in, as a member", () -> occupant(a, room, "Bob")
                    .map(o -> !o.self() && o.affiliation() == Affiliation.MEMBER && o.role() == Role.PARTICIPANT
                            && o.jid().equals(Optional.of(bob))).orElse(false));
            assertTrue(seenByAlice.stream().anyMatch(list -> list.stream().noneMatch(o -> o.nickname().equals("Bob")))
                    && seenByAlice.stream().anyMatch(list -> list.stream().anyMatch(o -> o.nickname().equals("Bob"))),
                    "the observable value changed as bob came in: " + seenByAlice);

            // bob writes through Chats with the room as the peer; it arrives in alice's timeline, encrypted
            List<ChatMessage> aliceTimeline = new CopyOnWriteArrayList<>();
            try (Subscription following = a.chats().follow(room, Runnable::run, aliceTimeline::addAll)) {
                ChatMessage sent = b.chats().send(room, "the plan: Friday").join();
                assertEquals(ChatKind.GROUPCHAT, sent.kind());
                assertEquals(room + "/Bob", sent.sender());
                Await.until("bob's message reached alice's timeline", () -> aliceTimeline.stream()
                        .anyMatch(m -> m.body().equals("the plan: Friday") && m.direction() == Direction.INCOMING));
            }
            ChatMessage received = Await.done(a.chats().history(room, Optional.empty(), 20)).stream()
                    .filter(m -> m.body().equals("the plan: Friday")).findFirst().orElseThrow();
            assertEquals(ChatKind.GROUPCHAT, received.kind());
            assertEquals(room + "/Bob", received.sender());
            assertEquals(Encryption.E2EE_TRUSTED, received.encryption());

            // the room's encryption state: encrypted for both, no member without OMEMO
            a.chats().send(room, "agreed").join();
            Await.until("alice's room is encrypted for everyone", () -> {
                RoomEncryptionState state = a.rooms().encryption(room).get();
                return state.state() == Encryption.E2EE_TRUSTED && state.whyNot().isEmpty() && state.withoutOmemo().isEmpty();
            });

            // an open room (join creates an instant room): the state says why nothing encrypted can be sent there
            String open = "lobby@" + ProsodyServer.MUC_DOMAIN;
            a.rooms().join(open, "Alice").join();
            Await.until("the open room's state says why", () -> a.rooms().encryption(open).get()
                    .equals(new RoomEncryptionState(Encryption.ENCRYPTION_UNAVAILABLE,
                            Optional.of(RoomEncryptionState.NotEncrypted.NOT_MEMBERS_ONLY), Set.of())));
            a.rooms().leave(open).join();
            Await.until("a room the user left has unknown features", () -> a.rooms().encryption(open).get()
                    .equals(new RoomEncryptionState(Encryption.DEVICES_UNKNOWN,
                            Optional.of(RoomEncryptionState.NotEncrypted.FEATURES_UNKNOWN), Set.of())));

            // subject and bookmarks
            a.rooms().changeSubject(room, "Friday").join();
            Await.until("the subject reached bob", () -> Await.done(b.rooms().subject(room)).equals(Optional.of("Friday")));
            b.rooms().bookmark(room, "Plans", Optional.of("Bob"), true).join();
            assertEquals(List.of(new Bookmark(room, "Plans", Optional.of("Bob"), true)), Await.done(b.rooms().bookmarks()));
            b.rooms().removeBookmark(room).join();
            assertEquals(List.of(), Await.done(b.rooms().bookmarks()));

            // carol, invited, says no; inviting into a room one is not in is refused
            assertInstanceOf(ConnectionState.Online.class, offline.connect().orTimeout(20, TimeUnit.SECONDS).join());
            a.rooms().invite(room, carol, Optional.of("join us")).join();
            Await.until("carol got the invitation", () -> !offline.rooms().invitations().get().isEmpty());
            Invitation toCarol = offline.rooms().invitations().get().get(0);
            assertEquals(Optional.of("join us"), toCarol.reason());
            offline.rooms().decline(toCarol, Optional.of("busy")).join();
            assertEquals(List.of(), offline.rooms().invitations().get());
            assertEquals(Set.of(), offline.rooms().joined());
            assertEquals(RoomException.Reason.NOT_IN_ROOM,
                    roomFailure(() -> offline.rooms().invite(room, bob, Optional.empty()).join()));

            // a new nickname shows in alice's list
            b.rooms().changeNickname(room, "Robert").join();
            Await.until("alice sees the new nickname", () -> occupant(a, room, "Robert").isPresent()
                    && occupant(a, room, "Bob").isEmpty());

            // bob leaves: alice's list changes, his own is empty, and a send to the room is refused, typed
            b.rooms().leave(room).join();
            Await.until("alice sees bob leave", () -> occupant(a, room, "Robert").isEmpty());
            assertEquals(List.of(), b.rooms().occupants(room).get());
            assertEquals(RoomException.Reason.NOT_IN_ROOM, roomFailure(() -> b.chats().send(room, "still there?").join()));
            assertTrue(Await.done(b.chats().history(room, Optional.empty(), 20)).stream()
                    .noneMatch(m -> m.body().equals("still there?")), "nothing stored");
            Path file = Files.write(Files.createTempFile("sotto-room-", ".txt"),
                    "notes".getBytes());
            try {
                CompletionException noRoom = assertThrows(CompletionException.class,
                        () -> Await.done(b.files().send(room, List.of(file)).get(0).result()));
                assertEquals(FileException.Reason.NOT_IN_ROOM,
                        assertInstanceOf(FileException.class, noRoom.getCause()).reason());
            } finally {
                Files.delete(file);
            }
            watching.close();
        }
    }
}
