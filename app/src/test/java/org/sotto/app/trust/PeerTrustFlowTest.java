package org.sotto.app.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import org.sotto.app.DemoAccess;
import org.sotto.app.FxWait;
import org.sotto.app.MainWindow;
import org.sotto.app.Screenshots;
import org.sotto.app.chat.ChatViewModel;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.trust.Device;
import org.sotto.core.api.trust.QrCode;
import org.sotto.core.api.trust.TrustDecision;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * The trust flows on the real window against an independent OMEMO client (python-omemo, {@link PythonPeer}) as
 * bob: verifying by a QR picture and by a pasted link, a new device that stops a send until alice decides, a
 * distrusted device left out, a reinstalled device's changed key. Which devices a message was encrypted for is
 * read at the peer, from the message's headers as they arrived, never from Sotto.
 */
@ExtendWith(ApplicationExtension.class)
class PeerTrustFlowTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final ProfileOptions OPTIONS = ProfileOptions.defaults().withConnectOnOpen(false);
    private static final long WAIT = 30;

    private Stage stage;
    private SottoProfile alices;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.current().set(Theme.LIGHT);
        Theme.installCurrent();
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(() -> {
            Window.getWindows().stream().filter(w -> w != stage).toList().forEach(Window::hide);
            Theme.current().set(Theme.LIGHT);
            Theme.installCurrent();
            if (window != null) {
                window.chats().close();
            }
        });
        if (alices != null) {
            alices.close();
        }
    }

    /** Alice on Sotto, online, with bob in her contacts and his devices fetched; her window shows his chat. */
    private Account alice(FxRobot robot, ProsodyServer server, String jid, String bob, int bobsDevices) throws Exception {
        alices = Profiles.inMemory(OPTIONS);
        Account account = alices.accounts().add(AccountRecord.of(jid).withResource("desktop")
                .withServer(server.host(), server.c2sPort()).withPinnedCertificate(DemoAccess.sha256(server)), "pw");
        assertInstanceOf(ConnectionState.Online.class, account.connect().get(WAIT, TimeUnit.SECONDS));
        account.contacts().add(bob, Optional.of("Bob"), Set.of()).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> account.trust().refresh(bob).get().size() == bobsDevices);
        robot.interact(() -> {
            window = MainWindow.show(stage, alices);
            stage.setWidth(1000);
            stage.setHeight(640);
        });
        return account;
    }

    private ChatViewModel open(FxRobot robot, String bob) {
        AtomicReference<ChatViewModel> chat = new AtomicReference<>();
        robot.interact(() -> chat.set(window.chats().open(bob)));
        return chat.get();
    }

    private static String text(FxRobot robot, String query) {
        AtomicReference<String> text = new AtomicReference<>();
        robot.interact(() -> text.set(robot.lookup(query).<Labeled>query().getText()));
        return text.get().replace('\n', ' ');
    }

    private static boolean shows(FxRobot robot, String query, String expected) {
        return robot.lookup(query).tryQuery().isPresent() && expected.equals(text(robot, query));
    }

    /** A node in a window that is showing (a dialog opened by a click may be in the scene graph a moment before). */
    private static void awaitShowing(FxRobot robot, String query) throws TimeoutException {
        FxWait.until(WAIT, () -> robot.lookup(query).tryQuery()
                .map(node -> node.getScene() != null && node.getScene().getWindow().isShowing() && node.isVisible())
                .orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void awaitText(FxRobot robot, String query, String expected) {
        try {
            WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> shows(robot, query, expected));
        } catch (TimeoutException e) {
            throw new AssertionError(query + " does not say \"" + expected + "\" but \""
                    + robot.lookup(query).tryQuery().map(n -> text(robot, query)).orElse("(not there)") + "\"", e);
        }
    }

    /** The chat list's entry for bob, as a screen reader reads it. */
    private static String listEntry(FxRobot robot) {
        AtomicReference<String> text = new AtomicReference<>("");
        robot.interact(() -> robot.lookup("#conversation-list .list-cell").queryAll().stream()
                .map(cell -> (ListCell<?>) cell).filter(cell -> cell.getItem() != null)
                .findFirst().ifPresent(cell -> text.set(String.valueOf(cell.getAccessibleText()))));
        return text.get();
    }

    private static Optional<TrustDecision> decision(Account account, String jid, int deviceId) {
        return account.trust().knownDevices(jid).stream().filter(d -> d.deviceId() == deviceId).findFirst()
                .flatMap(Device::trust);
    }

    private static Scene sceneOf(FxRobot robot, String query) {
        return robot.lookup(query).<Node>query().getScene();
    }

    private static void send(FxRobot robot, String text) {
        robot.clickOn("#composer").write(text).type(KeyCode.ENTER);
    }

    @Test
    void verifiedByQrAndLinkThenANewDeviceWaitsForADecisionAndADistrustedOneGetsNothing(FxRobot robot,
                                                                                        @TempDir Path folder)
            throws Exception {
        ProsodyServer server = PROSODY.server();
        String aliceJid = server.register("alice-flow", "pw");
        String bob = server.register("bob-flow", "pw");
        try (PythonPeer phone = PythonPeer.start(server, bob, "pw")) {
            phone.awaitReady();
            Account a = alice(robot, server, aliceJid, bob, 1);
            phone.send(aliceJid, "hello from the phone");
            ChatViewModel chat = open(robot, bob);
            String name = chat.title();
            awaitText(robot, "#chat-encryption", "Encrypted for " + name + " (1 device); not all verified");
            WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> listEntry(robot).contains(
                    Strings.get("encryption.message.E2EE_TRUSTED")));

            // (a) a QR picture of the phone's link, read in bob's trust dialog: the phone is verified
            Path picture = folder.resolve("bob-phone.png");
            robot.interact(() -> {
                try {
                    writePng(QrView.image(QrCode.encode(phone.verificationUri()), 4), picture);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            AtomicReference<TrustViewModel> dialog = new AtomicReference<>();
            robot.interact(() -> {
                dialog.set(chat.trust().dialog());
                TrustDialog.show(dialog.get(), stage);
            });
            int phoneId = phone.deviceId();
            FxWait.until(WAIT, () -> robot.lookup("#device-" + phoneId).tryQuery().isPresent());
            robot.interact(() -> dialog.get().verifyImageFile(picture.toFile()));
            awaitText(robot, "#state-" + phoneId, Strings.get("trust.state.verified"));
            assertEquals(Strings.get("trust.verify.done.one", name), dialog.get().messageProperty().get());
            assertEquals(Optional.of(TrustDecision.VERIFIED), decision(a, bob, phoneId));
            robot.clickOn("#trust-close");
            awaitText(robot, "#chat-encryption", "Encrypted for " + name + " (1 device); verified");
            phone.send(aliceJid, "now verified");
            WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> listEntry(robot).contains("now verified")
                    && listEntry(robot).contains(Strings.get("encryption.message.E2EE_VERIFIED")));

            // (b) bob's laptop appears: a banner, and alice's send waits for her decision
            try (PythonPeer laptop = PythonPeer.start(server, bob, "pw")) {
                laptop.awaitReady();
                int laptopId = laptop.deviceId();
                WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> a.trust().refresh(bob).get().size() == 2);
                WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> !chat.trust().newDeviceProperty().get().isEmpty());
                assertEquals(Strings.get("trust.banner.newDevice.one", name), text(robot, "#new-device-banner"));
                assertEquals(Optional.of(TrustDecision.UNDECIDED), decision(a, bob, laptopId));
                send(robot, "who reads this?");
                WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> !chat.sendErrorProperty().get().isEmpty());
                WaitForAsyncUtils.waitForFxEvents();
                assertTrue(robot.lookup("#decide-devices").queryButton().isVisible());
                assertEquals(Strings.get("trust.decide.one", name), text(robot, "#decide-devices"));
                assertTrue(phone.keysOfIfAny("who reads this?").isEmpty(), "nothing left before the decision");

                // the laptop verified by comparing its fingerprint: the decision releases the message, for both devices
                robot.clickOn("#decide-devices");
                FxWait.until(WAIT, () -> robot.lookup("#device-" + laptopId).tryQuery().isPresent());
                robot.interact(() -> robot.lookup("#verify-" + laptopId).queryButton().fire());
                FxWait.until(WAIT, () -> robot.lookup("#compare-field").tryQuery().isPresent());
                robot.interact(() -> robot.lookup("#compare-field").<TextField>query().setText(laptop.fingerprint()));
                assertEquals(Strings.get("trust.compare.match"), text(robot, "#compare-result"));
                robot.interact(() -> robot.lookup("#compare-verify").queryButton().fire());
                WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> decision(a, bob, laptopId)
                        .equals(Optional.of(TrustDecision.VERIFIED)));
                robot.interact(() -> robot.lookup("#trust-close").queryButton().fire());
                Set<Integer> released = receivedKeys(phone, laptop, "who reads this?");
                assertEquals(Set.of(phoneId, laptopId), released, "the peer names the devices that got the key");
                WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> chat.trust().newDeviceProperty().get().isEmpty()
                        && chat.sendErrorProperty().get().isEmpty());
                awaitText(robot, "#chat-encryption", "Encrypted for " + name + " (2 devices); verified");
                WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> listEntry(robot).contains("who reads this?")
                        && listEntry(robot).contains(Strings.get("encryption.message.E2EE_VERIFIED")));

                // (c) the laptop distrusted (asked first): the next message has no key for it
                robot.clickOn("#open-trust");
                FxWait.until(WAIT, () -> robot.lookup("#distrust-" + laptopId).tryQuery().isPresent());
                // the question is modal: fired later, so the robot does not wait for its answer
                Button distrust = robot.lookup("#distrust-" + laptopId).queryButton();
                Platform.runLater(distrust::fire);
                FxWait.until(WAIT, () -> robot.lookup("#confirm-distrust").tryQuery().isPresent());
                awaitShowing(robot, "#confirm-distrust");
                robot.interact(() -> robot.lookup("#confirm-distrust").queryButton().fire());
                WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> decision(a, bob, laptopId)
                        .equals(Optional.of(TrustDecision.DISTRUSTED)));
                awaitText(robot, "#state-" + laptopId, Strings.get("trust.state.distrusted"));
                robot.interact(() -> robot.lookup("#trust-close").queryButton().fire());
                awaitText(robot, "#chat-encryption", "Encrypted for " + name + " (1 device); verified");
                send(robot, "only for the phone");
                assertEquals(Set.of(phoneId), receivedKeys(phone, laptop, "only for the phone"));
                WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> listEntry(robot).contains("only for the phone")
                        && listEntry(robot).contains(Strings.get("encryption.message.E2EE_VERIFIED")));
                Screenshots.save(robot, stage.getScene(), "trust-flow-distrusted-light");
            }
        }
    }

    /** The keys a message carried, from whichever of bob's devices the server delivered it to. */
    private static Set<Integer> receivedKeys(PythonPeer first, PythonPeer second, String body) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (System.nanoTime() < deadline) {
            for (PythonPeer peer : List.of(first, second)) {
                Optional<Set<Integer>> keys = peer.keysOfIfAny(body);
                if (keys.isPresent()) {
                    return keys.get();
                }
            }
            WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("neither of bob's devices received \"" + body + "\"");
    }

    @Test
    void aReinstalledDeviceIsASecurityWarningUntilItsNewKeyIsAcceptedThenItIsUndecided(FxRobot robot) throws Exception {
        ProsodyServer server = PROSODY.server();
        String aliceJid = server.register("alice-reinstall", "pw");
        String bob = server.register("bob-reinstall", "pw");
        PythonPeer phone = PythonPeer.start(server, bob, "pw").awaitReady();
        int phoneId = phone.deviceId();
        String oldKey = phone.fingerprint();
        Account a;
        ChatViewModel chat;
        String name;
        try {
            a = alice(robot, server, aliceJid, bob, 1);
            chat = open(robot, bob);
            name = chat.title();
            // (a) the phone's link pasted into bob's trust dialog verifies it
            robot.clickOn("#open-trust");
            FxWait.until(WAIT, () -> robot.lookup("#device-" + phoneId).tryQuery().isPresent());
            robot.interact(() -> {
                robot.lookup("#verify-uri").<TextField>query().setText(phone.verificationUri());
                robot.lookup("#verify-uri-button").queryButton().fire();
            });
            awaitText(robot, "#state-" + phoneId, Strings.get("trust.state.verified"));
            assertEquals(Strings.get("trust.verify.done.one", name), text(robot, "#trust-message"));
            robot.interact(() -> robot.lookup("#trust-close").queryButton().fire());
            awaitText(robot, "#chat-encryption", "Encrypted for " + name + " (1 device); verified");
        } finally {
            phone.close();
        }
        // the phone is reinstalled with a new identity under the same device id; its message is refused
        try (PythonPeer reinstalled = PythonPeer.reinstall(server, bob, "pw", phoneId)) {
            reinstalled.awaitReady();
            assertEquals(phoneId, reinstalled.deviceId());
            String newKey = reinstalled.fingerprint();
            assertFalse(newKey.equals(oldKey));
            reinstalled.send(aliceJid, "it is me, reinstalled");
            WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> !text(robot, "#key-changed-banner").isEmpty());
            String banner = text(robot, "#key-changed-banner");
            assertTrue(banner.contains(display(oldKey)) && banner.contains(display(newKey)), banner);
            awaitText(robot, "#chat-encryption", Strings.get("trust.header.keyChanged"));
            WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> listEntry(robot).contains(
                    Strings.get("chats.keyChanged")));
            assertEquals(Optional.of(display(oldKey)), fingerprint(a, bob, phoneId), "refused until accepted");

            // meanwhile a send reaches no device, and plaintext is not offered for a key that changed
            send(robot, "are you there?");
            WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> !chat.sendErrorProperty().get().isEmpty());
            WaitForAsyncUtils.waitForFxEvents();
            assertFalse(chat.plaintextOfferedProperty().get());
            assertFalse(robot.lookup("#send-plaintext").queryButton().isVisible());
            robot.interact(() -> chat.composerProperty().set(""));

            // the warning: both keys, and nothing is accepted before the user says she compared them
            robot.clickOn("#accept-new-key");
            awaitShowing(robot, "#key-change-dialog");
            assertEquals(TrustDialog.twoLines(display(oldKey)).replace('\n', ' '), text(robot, "#key-change-old"));
            assertEquals(TrustDialog.twoLines(display(newKey)).replace('\n', ' '), text(robot, "#key-change-new"));
            assertTrue(robot.lookup("#accept-key-change").queryButton().isDisabled());
            assertFalse(robot.lookup("#accept-key-change").queryButton().isDefaultButton());
            Screenshots.save(robot, sceneOf(robot, "#key-change-dialog"), "trust-key-change-light");
            robot.type(KeyCode.ENTER); // Cancel is the default
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(robot.lookup("#key-change-dialog").tryQuery().isEmpty());
            assertEquals(Optional.of(display(oldKey)), fingerprint(a, bob, phoneId));

            robot.interact(() -> {
                Theme.current().set(Theme.DARK);
                Theme.installCurrent();
            });
            Screenshots.save(robot, stage.getScene(), "trust-chat-key-changed-dark");
            robot.clickOn("#accept-new-key");
            awaitShowing(robot, "#key-change-dialog");
            robot.clickOn("#key-change-compared");
            assertFalse(robot.lookup("#accept-key-change").queryButton().isDisabled());
            Screenshots.save(robot, sceneOf(robot, "#key-change-dialog"), "trust-key-change-dark");
            robot.clickOn("#accept-key-change");

            // accepted: the new key, undecided; the warning gives way to the decision a new device needs
            WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> fingerprint(a, bob, phoneId)
                    .equals(Optional.of(display(newKey))));
            assertEquals(Optional.of(TrustDecision.UNDECIDED), decision(a, bob, phoneId));
            WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> chat.trust().keyChangedProperty().get().isEmpty());
            WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> !listEntry(robot).contains(
                    Strings.get("chats.keyChanged")));
            awaitText(robot, "#chat-encryption", Strings.get("encryption.chat.E2EE_UNTRUSTED_DEVICES"));
            WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> !chat.trust().newDeviceProperty().get().isEmpty());
            reinstalled.send(aliceJid, "and now?");
            WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> listEntry(robot).contains("and now?")
                    && listEntry(robot).contains(Strings.get("encryption.message.E2EE_UNTRUSTED_DEVICES"))
                    && !listEntry(robot).contains(Strings.get("chats.keyChanged")));

            // alice's answer waits for her decision, then the reinstalled phone reads it
            send(robot, "welcome back");
            FxWait.until(WAIT, () -> robot.lookup("#decide-devices").tryQuery()
                    .map(Node::isVisible).orElse(false));
            robot.clickOn("#decide-devices");
            FxWait.until(WAIT, () -> robot.lookup("#trust-" + phoneId).tryQuery().isPresent());
            robot.interact(() -> robot.lookup("#trust-" + phoneId).queryButton().fire());
            WaitForAsyncUtils.waitFor(WAIT, TimeUnit.SECONDS, () -> decision(a, bob, phoneId)
                    .equals(Optional.of(TrustDecision.TRUSTED_BLIND)));
            robot.interact(() -> robot.lookup("#trust-close").queryButton().fire());
            assertEquals(Set.of(phoneId), reinstalled.keysOf("welcome back"));
            awaitText(robot, "#chat-encryption", "Encrypted for " + name + " (1 device); not all verified");
        }
    }

    private static Optional<String> fingerprint(Account account, String jid, int deviceId) {
        return account.trust().knownDevices(jid).stream().filter(d -> d.deviceId() == deviceId).findFirst()
                .flatMap(Device::fingerprint);
    }

    /** 64 hex digits as Sotto shows them: 8 groups of 8. */
    private static String display(String hex) {
        StringBuilder groups = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 8) {
            groups.append(i == 0 ? "" : " ").append(hex, i, i + 8);
        }
        return groups.toString();
    }

    private static void writePng(javafx.scene.image.Image image, Path file) throws IOException {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                png.setRGB(x, y, image.getPixelReader().getArgb(x, y));
            }
        }
        ImageIO.write(png, "png", file.toFile());
    }
}
