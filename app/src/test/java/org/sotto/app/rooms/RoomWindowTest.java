package org.sotto.app.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import org.sotto.app.DemoAccess;
import org.sotto.app.Screenshots;
import org.sotto.app.chat.ChatViewModel;
import org.sotto.app.chats.ChatsView;
import org.sotto.app.chats.ChatsViewModel;
import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * A three-member encrypted room on real windows: alice creates it in the dialog (inviting bob and the python-omemo
 * peer), bob joins from the invitation above his chat list, the peer joins; a message from each arrives decrypted at
 * the other two; the peer naming alice is marked; alice opens bob's devices from the room's members. In a second
 * room dave, a member without OMEMO, is named in the header and in the refusal of alice's send; nothing is stored.
 */
@ExtendWith(ApplicationExtension.class)
class RoomWindowTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final ProfileOptions OPTIONS = ProfileOptions.defaults().withConnectOnOpen(false);

    private Stage stage;
    private Stage bobStage;
    private SottoProfile alices;
    private SottoProfile bobs;
    private ChatsViewModel aliceModel;
    private ChatsViewModel bobModel;
    private PythonRoomPeer peer;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.current().set(Theme.LIGHT);
        Theme.installCurrent();
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(() -> {
            Theme.current().set(Theme.LIGHT);
            Theme.installCurrent();
            if (aliceModel != null) {
                aliceModel.close();
            }
            if (bobModel != null) {
                bobModel.close();
            }
            if (bobStage != null) {
                bobStage.close();
            }
        });
        if (peer != null) {
            peer.close();
        }
        for (SottoProfile profile : new SottoProfile[] {alices, bobs}) {
            if (profile != null) {
                profile.close();
            }
        }
    }

    private static Account online(SottoProfile profile, ProsodyServer server, String jid) throws Exception {
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort())
                .withPinnedCertificate(DemoAccess.sha256(server)), "pw");
        assertTrue(account.connect().get(30, TimeUnit.SECONDS) instanceof ConnectionState.Online);
        return account;
    }

    private static void await(String what, Callable<Boolean> condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(40, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new TimeoutException("waited in vain until " + what);
        }
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    private static Optional<ChatMessage> shown(ChatsViewModel model, String body) throws Exception {
        return fx(() -> {
            ChatViewModel chat = model.openChatProperty().get();
            return chat == null ? Optional.<ChatMessage>empty()
                    : chat.messages().stream().filter(m -> m.body().equals(body)).findFirst();
        });
    }

    private static boolean encrypted(Optional<ChatMessage> message) {
        return message.map(m -> m.encryption() == Encryption.E2EE_TRUSTED || m.encryption() == Encryption.E2EE_VERIFIED)
                .orElse(false);
    }

    private void send(FxRobot robot, ChatsView view, String body) {
        robot.interact(() -> {
            TextInputControl composer = (TextInputControl) view.root().lookup("#composer");
            composer.setText(body);
            view.chatView().model().send();
        });
    }

    private void screenshots(FxRobot robot, Scene scene, String name) {
        Screenshots.save(robot, scene, name + "-light");
        robot.interact(() -> {
            Theme.current().set(Theme.DARK);
            Theme.installCurrent();
        });
        Screenshots.save(robot, scene, name + "-dark");
        robot.interact(() -> {
            Theme.current().set(Theme.LIGHT);
            Theme.installCurrent();
        });
    }

    @Test
    void threeMembersReadEachOtherAndAMemberWithoutOmemoBlocksSending(FxRobot robot) throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "pw");
        String bob = server.register("bob", "pw");
        String python = server.register("python", "python-pw");
        String dave = server.register("dave", "pw"); // never signs in: no OMEMO device
        String room = "trip@" + ProsodyServer.MUC_DOMAIN;
        peer = new PythonRoomPeer(server, python, "python-pw"); // python takes a few seconds: started first
        alices = Profiles.inMemory(OPTIONS);
        bobs = Profiles.inMemory(OPTIONS);
        online(alices, server, alice);
        online(bobs, server, bob);

        AtomicReference<ChatsView> views = new AtomicReference<>();
        AtomicReference<ChatsView> bobViews = new AtomicReference<>();
        robot.interact(() -> {
            aliceModel = new ChatsViewModel(alices, UiExecutor.fx());
            views.set(new ChatsView(aliceModel));
            Scene scene = new Scene(views.get().root(), 1280, 780);
            scene.getStylesheets().add(Controls.stylesheet());
            stage.setScene(scene);
            stage.show();
            bobModel = new ChatsViewModel(bobs, UiExecutor.fx());
            bobViews.set(new ChatsView(bobModel));
            bobStage = new Stage();
            Scene bobScene = new Scene(bobViews.get().root(), 1100, 700);
            bobScene.getStylesheets().add(Controls.stylesheet());
            bobStage.setScene(bobScene);
            bobStage.show();
        });
        ChatsView aliceView = views.get();
        ChatsView bobView = bobViews.get();
        peer.awaitReady();

        // the dialog: an address that is not a room's is said, and nothing is joined
        AtomicReference<RoomDialog> dialog = new AtomicReference<>();
        robot.interact(() -> dialog.set(aliceView.openRoomDialog(false).orElseThrow()));
        Scene dialogScene = fx(() -> dialog.get().dialog().getDialogPane().getScene());
        robot.interact(() -> {
            ((TextField) dialogScene.lookup("#room-join-address")).setText("trip");
            ((Button) dialogScene.lookup("#room-confirm")).fire();
        });
        await("the address is refused", () -> fx(() -> ((Label) dialogScene.lookup("#room-error")).getText()
                .equals(Strings.get("rooms.error.address", "trip"))));
        screenshots(robot, dialogScene, "room-join-error");

        // alice creates the room with bob and the python peer as members
        robot.interact(() -> {
            ((TabPane) dialogScene.lookup("#room-tabs")).getSelectionModel().select(1);
            ((TextField) dialogScene.lookup("#room-create-address")).setText(room);
            ((TextField) dialogScene.lookup("#room-create-name")).setText("Trip");
            ((TextInputControl) dialogScene.lookup("#room-create-description")).setText("Planning the weekend");
            ((TextField) dialogScene.lookup("#room-create-members")).setText(bob + ", " + python);
        });
        screenshots(robot, dialogScene, "room-create");
        robot.interact(() -> ((Button) dialogScene.lookup("#room-confirm")).fire());
        await("alice's room opens", () -> fx(() -> aliceModel.openChatProperty().get() != null
                && aliceModel.openChatProperty().get().peer().equals(room)));
        assertFalse(fx(() -> dialog.get().dialog().isShowing()), "the dialog closed once the room was entered");
        assertTrue(fx(() -> aliceModel.conversations().stream().anyMatch(c -> c.peer().equals(room))),
                "the room is in the list before its first message");

        // bob's invitation shows above his chat list; Join enters the room
        await("bob's invitation", () -> fx(() -> bobView.root().lookup(".room-invitation") != null));
        // the room opened before joining (as from the list) shows the invitation over the chat, as a room
        robot.interact(() -> bobModel.open(bobs.accounts().list().get(0), room));
        await("the invitation over the room", () -> fx(() -> bobView.root().lookup(".room-invitation-banner") != null));
        assertTrue(fx(() -> bobModel.openChatProperty().get().isRoom()), "opened as a room, not as a 1:1 chat");
        screenshots(robot, bobStage.getScene(), "room-invitation");
        robot.interact(() -> ((Button) bobView.root().lookup(".room-invitation-banner .invitation-accept")).fire());
        await("bob's room opens", () -> fx(() -> bobModel.openChatProperty().get() != null
                && bobModel.openChatProperty().get().peer().equals(room)));
        peer.join(room, "python");
        await("alice sees the python peer", () -> alices.accounts().list().get(0).rooms().occupants(room).get()
                .stream().anyMatch(o -> o.nickname().equals("python")));

        // a message from each arrives decrypted at the other two
        String fromAlice = "Who brings the tent?";
        send(robot, aliceView, fromAlice);
        await("alice's message at bob, decrypted", () -> encrypted(shown(bobModel, fromAlice)));
        assertEquals(alice, peer.awaitReceived(fromAlice).get("from").asText());
        String fromBob = "I do, and the stove.";
        send(robot, bobView, fromBob);
        await("bob's message at alice, decrypted", () -> encrypted(shown(aliceModel, fromBob)));
        assertEquals(bob, peer.awaitReceived(fromBob).get("from").asText());
        String fromPython = "alice: I bring the maps.";
        peer.sendToRoom(room, List.of(alice, bob), fromPython);
        await("the peer's message at alice, decrypted", () -> encrypted(shown(aliceModel, fromPython)));
        await("the peer's message at bob, decrypted", () -> encrypted(shown(bobModel, fromPython)));
        assertEquals(room + "/python", shown(aliceModel, fromPython).orElseThrow().sender());
        // it names alice: marked at hers, not at bob's
        await("the mention is marked", () -> fx(() -> aliceView.root().lookup(".bubble-mention") != null));
        assertTrue(fx(() -> bobView.root().lookup(".bubble-mention") == null));
        assertEquals(Strings.get("room.encryption.encrypted"),
                fx(() -> ((Label) aliceView.root().lookup("#chat-encryption")).getText()));

        // the room's details: the members with role and presence; bob's devices from his line
        robot.interact(() -> ((Button) aliceView.root().lookup("#room-details-open")).fire());
        await("the members are listed", () -> fx(() -> aliceView.root().lookupAll(".occupant").size() == 3));
        robot.interact(() -> ((Button) aliceView.root().lookupAll(".occupant").stream()
                .filter(n -> n.getAccessibleText().startsWith("bob:")).findFirst().orElseThrow()
                .lookup(".occupant-devices")).fire());
        await("bob's devices", () -> fx(() -> robot.lookup("#trust-dialog").tryQueryAs(DialogPane.class)
                .map(pane -> pane.getHeaderText().equals(Strings.get("trust.title.contact", "bob"))).orElse(false)));
        robot.interact(() -> ((Button) robot.lookup("#trust-close").query()).fire());
        // the subject set from the details shows under the room's name
        robot.interact(() -> {
            ((TextField) aliceView.root().lookup("#room-subject")).setText("Weekend in the hills");
            ((Button) aliceView.root().lookup("#room-subject-change")).fire();
        });
        await("the subject in the header", () -> fx(() -> ((Label) aliceView.root().lookup("#chat-subject")).getText()
                .equals("Weekend in the hills")));
        await("the subject at bob's", () -> fx(() -> ((Label) bobView.root().lookup("#chat-subject")).getText()
                .equals("Weekend in the hills")));

        screenshots(robot, stage.getScene(), "room-view");

        // a room with dave as a member, who has no OMEMO: the header names him, and a send is refused naming him
        String second = "secret@" + ProsodyServer.MUC_DOMAIN;
        assertEquals(Optional.empty(), WaitForAsyncUtils.asyncFx(() -> aliceModel.roomsProperty().get()
                .create(second, "Secret", "", bob + " " + dave, "alice")).get(10, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS));
        await("the second room opens", () -> fx(() -> aliceModel.openChatProperty().get().peer().equals(second)));
        await("the header names dave", () -> fx(() -> ((Label) aliceView.root().lookup("#chat-encryption")).getText()
                .equals(Strings.get("room.encryption.without.one", dave))));
        String secret = "The key is under the mat.";
        send(robot, aliceView, secret);
        await("the send is refused naming dave", () -> fx(() -> aliceView.root().lookupAll(".label").stream()
                .anyMatch(n -> ((Label) n).getText().equals(Strings.get("room.blocked.noOmemo", dave)))));
        assertEquals(secret, fx(() -> aliceModel.openChatProperty().get().composerProperty().get()),
                "the text waits in the composer");
        // meanwhile in the other room the peer names alice: her list counts it apart from the unread count
        peer.sendToRoom(room, List.of(alice, bob), "alice, are you still there?");
        peer.sendToRoom(room, List.of(alice, bob), "the train leaves at nine");
        await("the mention in the list", () -> fx(() -> aliceModel.conversations().stream()
                .filter(c -> c.peer().equals(room)).anyMatch(c -> c.unread() == 2 && aliceModel.mentions(c) == 1)));
        await("the badge", () -> fx(() -> aliceView.root().lookupAll(".unread-mention").stream()
                .anyMatch(n -> ((Label) n).getText().equals(Strings.get("rooms.list.mentions", 1)))));
        screenshots(robot, stage.getScene(), "room-blocked");
        assertTrue(alices.accounts().list().get(0).chats().history(second, Optional.empty(), 20)
                .get(10, TimeUnit.SECONDS).stream().noneMatch(m -> m.body().equals(secret)),
                "nothing stored, so nothing goes out later either");
    }
}
