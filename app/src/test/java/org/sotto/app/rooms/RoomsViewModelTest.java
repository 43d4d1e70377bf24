package org.sotto.app.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.app.UiThread;
import org.sotto.app.chat.ChatViewModel;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.room.Bookmark;
import org.sotto.core.api.room.Invitation;
import org.sotto.core.api.room.RoomException;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * The group chat view models of alice, bob and carol against a real Prosody: what is not a room address or a
 * nickname, create with members, a room that exists, an invitation accepted under a taken and then a free nickname,
 * one declined, bookmark with autojoin, leave and join again from the bookmark; the room's encryption state and a
 * refused send naming the member without OMEMO, and nothing of it reaching the others.
 */
class RoomsViewModelTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private final UiThread ui = new UiThread();
    private final List<SottoProfile> profiles = new ArrayList<>();

    @AfterEach
    void close() {
        ui.close();
        profiles.forEach(SottoProfile::close);
    }

    private Account online(ProsodyServer server, String jid) {
        SottoProfile profile = Profiles.inMemory(ProfileOptions.defaults().withConnectOnOpen(false)
                .withCertificateTrust(server.certificate().trustManager())
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)));
        profiles.add(profile);
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort()), "pw");
        assertTrue(account.connect().orTimeout(30, TimeUnit.SECONDS).join() instanceof ConnectionState.Online);
        return account;
    }

    private RoomsViewModel rooms(Account account, List<String> entered) {
        AtomicReference<RoomsViewModel> model = new AtomicReference<>();
        ui.run(() -> {
            model.set(new RoomsViewModel(account, ui, entered::add));
            model.get().start();
        });
        return model.get();
    }

    /** Waits until the text read on the UI thread is {@code expected}; the failure says what it was. */
    private void awaitText(String what, Callable<String> read, String expected) {
        AtomicReference<String> last = new AtomicReference<>();
        try {
            ui.await(what, () -> {
                last.set(read.call());
                return expected.equals(last.get());
            });
        } catch (AssertionError e) {
            assertEquals(expected, last.get(), what);
        }
    }

    private static <T> T done(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void joinCreateInviteAnswerBookmarkLeaveAndTheEncryptionReason() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "pw");
        String bob = server.register("bob", "pw");
        String carol = server.register("carol", "pw");
        String dave = server.register("dave", "pw"); // never signs in: no OMEMO device
        Account a = online(server, alice);
        Account b = online(server, bob);
        Account c = online(server, carol);
        List<String> aliceEntered = new CopyOnWriteArrayList<>();
        List<String> bobEntered = new CopyOnWriteArrayList<>();
        RoomsViewModel aliceRooms = rooms(a, aliceEntered);
        RoomsViewModel bobRooms = rooms(b, bobEntered);
        RoomsViewModel carolRooms = rooms(c, new CopyOnWriteArrayList<>());
        String room = "plans@" + ProsodyServer.MUC_DOMAIN;

        // what is not a room address or a nickname is said before anything is asked
        assertEquals(Optional.of(Strings.get("rooms.error.addressEmpty")), done(aliceRooms.join("  ", "alice")));
        assertEquals(Optional.of(Strings.get("rooms.error.address", "plans")), done(aliceRooms.join("plans", "alice")));
        assertEquals(Optional.of(Strings.get("rooms.error.address", "plans@conference.localhost/alice")),
                done(aliceRooms.join("plans@conference.localhost/alice", "alice")));
        assertEquals(Optional.of(Strings.get("rooms.error.nicknameEmpty")), done(aliceRooms.join(room, " ")));
        assertEquals(Optional.of(Strings.get("rooms.error.member", "bob")),
                done(aliceRooms.create(room, "", "", "bob", "alice")));
        assertEquals(List.of(), aliceEntered);
        assertTrue(a.rooms().joined().isEmpty(), "nothing was joined");

        // alice creates a private room with bob and dave as members; it opens
        assertEquals(Optional.empty(), done(aliceRooms.create(" Plans@Conference.localhost ", "Plans", "Friday",
                bob + ", " + dave, "alice")));
        assertEquals(List.of(room), aliceEntered);
        assertEquals(Optional.of("alice"), a.rooms().nickname(room));
        assertEquals(Optional.of(Strings.get("rooms.error.ROOM_EXISTS", room)),
                done(aliceRooms.create(room, "", "", "", "alice")));

        // bob's invitation: a taken nickname is said and the invitation stays; then he is in
        ui.await("bob's invitation", () -> bobRooms.invitations().size() == 1);
        Invitation invitation = ui.get(() -> bobRooms.invitations().get(0));
        assertEquals(Strings.get("rooms.invitation", alice, room), RoomsViewModel.invitationText(invitation));
        assertEquals(Optional.of(Strings.get("rooms.error.NICKNAME_IN_USE")), done(bobRooms.accept(invitation, "alice")));
        assertEquals(1, (int) ui.get(() -> bobRooms.invitations().size()));
        assertEquals(Optional.empty(), done(bobRooms.accept(invitation, "bob")));
        assertEquals(List.of(room), bobEntered);
        ui.await("the invitation is answered", () -> bobRooms.invitations().isEmpty());

        // alice's details pane: both in the room with role and presence; carol invited from there declines
        AtomicReference<RoomDetailsViewModel> details = new AtomicReference<>();
        ui.run(() -> {
            details.set(new RoomDetailsViewModel(a, room, "Plans", ui, () -> { }));
            details.get().start();
        });
        ui.await("alice sees bob in the room", () -> details.get().occupants().stream()
                .anyMatch(o -> o.nickname().equals("bob") && o.jid().equals(Optional.of(bob))));
        assertEquals(Strings.get("rooms.occupant.you", Strings.get("rooms.occupant.state",
                Strings.get("rooms.role.moderator"), Strings.get("contacts.presence.available"))),
                ui.get(() -> RoomDetailsViewModel.describe(details.get().occupants().stream()
                        .filter(o -> o.nickname().equals("alice")).findFirst().orElseThrow())));
        assertTrue(ui.get(() -> details.get().trust(details.get().occupants().stream()
                .filter(o -> o.nickname().equals("bob")).findFirst().orElseThrow()).isPresent()),
                "bob's devices can be shown: the room shows his address");
        ui.run(() -> details.get().inviteeProperty().set("carol"));
        done(details.get().invite());
        assertFalse(ui.get(() -> details.get().errorProperty().get()).isEmpty(), "not an address");
        ui.run(() -> details.get().inviteeProperty().set(carol));
        done(details.get().invite());
        assertEquals(Strings.get("rooms.details.invited", carol), ui.get(() -> details.get().infoProperty().get()));
        ui.await("carol's invitation", () -> carolRooms.invitations().size() == 1);
        assertEquals(Optional.empty(), done(carolRooms.decline(ui.get(() -> carolRooms.invitations().get(0)))));
        assertTrue(ui.get(() -> carolRooms.invitations().isEmpty()));
        assertTrue(c.rooms().joined().isEmpty());

        // the encryption state and a send it blocks: dave (a member) has no OMEMO device, the send names him
        AtomicReference<ChatViewModel> chat = new AtomicReference<>();
        ui.run(() -> {
            chat.set(new ChatViewModel(profiles.get(0), a, room, "Plans", ui));
            chat.get().start();
        });
        assertTrue(chat.get().isRoom());
        String secret = "the plan is secret";
        ui.run(() -> {
            chat.get().composerProperty().set(secret);
            chat.get().send();
        });
        awaitText("the send is refused naming dave", () -> chat.get().sendErrorProperty().get(),
                Strings.get("room.blocked.noOmemo", dave));
        awaitText("the header names dave", () -> chat.get().encryptionSummaryProperty().get(),
                Strings.get("room.encryption.without.one", dave));
        assertEquals(secret, ui.get(() -> chat.get().composerProperty().get()), "the text stays in the composer");
        assertTrue(done(b.chats().history(room, Optional.empty(), 20)).stream().map(ChatMessage::body)
                .noneMatch(secret::equals), "nothing reached bob");
        assertTrue(done(a.chats().history(room, Optional.empty(), 20)).stream().map(ChatMessage::body)
                .noneMatch(secret::equals), "nothing stored to go out later");
        ui.run(() -> chat.get().close());

        // bob bookmarks the room to join at login, leaves, and joins again from the bookmark
        AtomicReference<RoomDetailsViewModel> bobDetails = new AtomicReference<>();
        List<String> left = new CopyOnWriteArrayList<>();
        ui.run(() -> {
            bobDetails.set(new RoomDetailsViewModel(b, room, "Plans", ui, () -> left.add(room)));
            bobDetails.get().start();
        });
        done(bobDetails.get().saveBookmark(true, true));
        assertTrue(ui.get(() -> bobDetails.get().bookmarkedProperty().get() && bobDetails.get().autojoinProperty().get()));
        assertEquals(Optional.empty(), done(bobRooms.loadBookmarks()));
        assertEquals(List.of(new Bookmark(room, "Plans", Optional.of("bob"), true)), ui.get(() -> List.copyOf(bobRooms.bookmarks())));
        done(bobDetails.get().leave());
        assertEquals(List.of(room), left);
        assertFalse(ui.get(() -> bobDetails.get().inRoomProperty().get()));
        assertTrue(b.rooms().joined().isEmpty());
        Bookmark mark = ui.get(() -> bobRooms.bookmarks().get(0));
        assertEquals(Optional.empty(), done(bobRooms.join(mark.room(), mark.nickname().orElseThrow())));
        assertEquals(List.of(room, room), bobEntered);
        ui.await("bob is back, seen from alice's pane", () -> details.get().occupants().stream()
                .anyMatch(o -> o.nickname().equals("bob")));

        // bob changes his nickname; a taken one is said in words
        ui.run(() -> bobDetails.get().nicknameProperty().set("alice"));
        done(bobDetails.get().saveNickname());
        assertEquals(RoomsViewModel.describe(RoomException.Reason.NICKNAME_IN_USE, room),
                ui.get(() -> bobDetails.get().errorProperty().get()));
        ui.run(() -> bobDetails.get().nicknameProperty().set("Robert"));
        done(bobDetails.get().saveNickname());
        ui.await("alice sees Robert", () -> details.get().occupants().stream()
                .anyMatch(o -> o.nickname().equals("Robert")));
        ui.run(() -> {
            details.get().close();
            bobDetails.get().close();
        });
    }

    @Test
    void mentionsAreTheNicknameAsAWord() {
        assertTrue(Mentions.names("alice: are you there?", "alice"));
        assertTrue(Mentions.names("Thanks @Alice!", "alice"));
        assertTrue(Mentions.names("ask Bob Smith", "bob smith"));
        assertFalse(Mentions.names("malice aforethought", "alice"));
        assertFalse(Mentions.names("alice_2 is here", "alice"));
        assertFalse(Mentions.names("anything", " "));
    }
}
