package org.sotto.app.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
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
import org.sotto.app.chat.ChatView;
import org.sotto.app.chat.ChatViewModel;
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
import org.sotto.core.api.event.IdentityKeyChanged;
import org.sotto.core.api.trust.Device;
import org.sotto.core.api.trust.QrCode;
import org.sotto.core.api.trust.TrustDecision;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * The trust screens on a real window against Prosody and real cores: verifying by a pasted link, refusals that
 * change nothing, distrust asked first, and a contact's new device that stops a send until the user decides.
 */
@ExtendWith(ApplicationExtension.class)
class TrustDialogTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final ProfileOptions OPTIONS = ProfileOptions.defaults().withConnectOnOpen(false);

    private Stage stage;
    private SottoProfile alices;
    private SottoProfile bobs;
    private SottoProfile bobsLaptop;
    private ChatViewModel model;

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
        });
        if (model != null) {
            robot.interact(model::close);
        }
        for (SottoProfile profile : new SottoProfile[] {alices, bobs, bobsLaptop}) {
            if (profile != null) {
                profile.close();
            }
        }
    }

    private static Account online(SottoProfile profile, ProsodyServer server, String jid, String resource)
            throws Exception {
        Account account = profile.accounts().add(AccountRecord.of(jid).withResource(resource)
                .withServer(server.host(), server.c2sPort()).withPinnedCertificate(DemoAccess.sha256(server)), "pw");
        assertInstanceOf(ConnectionState.Online.class, account.connect().get(30, TimeUnit.SECONDS));
        return account;
    }

    /** Alice and bob, each on one device, in each other's contacts (so each follows the other's device list). */
    private Account[] aliceAndBob(ProsodyServer server, String test) throws Exception {
        // accounts of their own per test: the server keeps device lists between tests
        String alice = server.register("alice-" + test, "pw");
        String bob = server.register("bob-" + test, "pw");
        alices = Profiles.inMemory(OPTIONS);
        bobs = Profiles.inMemory(OPTIONS);
        Account a = online(alices, server, alice, "desktop");
        Account b = online(bobs, server, bob, "phone");
        b.contacts().preApprove(alice).get(10, TimeUnit.SECONDS);
        a.contacts().preApprove(bob).get(10, TimeUnit.SECONDS);
        a.contacts().add(bob, Optional.of("Bob"), Set.of()).get(10, TimeUnit.SECONDS);
        b.contacts().add(alice, Optional.of("Alice"), Set.of()).get(10, TimeUnit.SECONDS);
        return new Account[] {a, b};
    }

    private ChatView show(FxRobot robot, Account account, String peer, String title) {
        AtomicReference<ChatView> view = new AtomicReference<>();
        robot.interact(() -> {
            model = new ChatViewModel(alices, account, peer, title, UiExecutor.fx());
            model.start();
            view.set(new ChatView(model));
            Scene scene = new Scene(view.get().root(), 760, 520);
            scene.getStylesheets().add(Controls.stylesheet());
            stage.setScene(scene);
            stage.show();
        });
        return view.get();
    }

    /** A label's text, a fingerprint's two lines as one. */
    private static String text(FxRobot robot, String query) {
        AtomicReference<String> text = new AtomicReference<>();
        robot.interact(() -> text.set(robot.lookup(query).<Labeled>query().getText()));
        return text.get().replace('\n', ' ');
    }

    private static Scene sceneOf(FxRobot robot, String query) {
        return robot.lookup(query).<Node>query().getScene();
    }

    private static void paste(FxRobot robot, String text) {
        robot.interact(() -> {
            robot.lookup("#verify-uri").<TextField>query().setText(text);
            robot.lookup("#verify-uri-button").queryButton().fire(); // below the fold of the dialog's scroll pane
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Optional<TrustDecision> decision(Account account, String jid, int deviceId) {
        return account.trust().knownDevices(jid).stream().filter(d -> d.deviceId() == deviceId).findFirst()
                .flatMap(Device::trust);
    }

    @Test
    void aPastedLinkVerifiesTheContactsDevicesWhileAnotherAddressOrAWrongFingerprintChangesNothing(FxRobot robot)
            throws Exception {
        ProsodyServer server = PROSODY.server();
        Account[] accounts = aliceAndBob(server, "link");
        Account a = accounts[0];
        Account b = accounts[1];
        String bob = b.jid();
        int phone = b.trust().ownDeviceId();
        show(robot, a, bob, "Bob");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !model.trust().readersProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Encrypted for Bob (1 device); not all verified", text(robot, "#chat-encryption"));

        robot.clickOn("#open-trust");
        FxWait.until(10, () -> robot.lookup("#device-" + phone).tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(b.trust().ownFingerprint(), text(robot, "#fingerprint-" + phone));
        assertEquals(Strings.get("trust.state.trusted"), text(robot, "#state-" + phone));

        // side by side: a fingerprint typed wrong is a loud mismatch and cannot be marked verified
        robot.clickOn("#verify-" + phone);
        robot.clickOn("#compare-field").write(b.trust().ownFingerprint().replace(" ", "").substring(0, 63) + "0");
        WaitForAsyncUtils.waitForFxEvents();
        String typedWrong = b.trust().ownFingerprint().endsWith("0") ? "1" : "0";
        robot.interact(() -> robot.lookup("#compare-field").<TextField>query().setText(
                b.trust().ownFingerprint().substring(0, b.trust().ownFingerprint().length() - 1) + typedWrong));
        assertEquals(Strings.get("trust.compare.mismatch"), text(robot, "#compare-result"));
        assertTrue(robot.lookup("#compare-verify").queryButton().isDisabled());
        Screenshots.save(robot, sceneOf(robot, "#trust-dialog"), "trust-compare-mismatch");
        robot.interact(() -> robot.lookup("#compare-field").<TextField>query().setText(
                b.trust().ownFingerprint().toUpperCase().replace(" ", "")));
        assertEquals(Strings.get("trust.compare.match"), text(robot, "#compare-result"));
        assertFalse(robot.lookup("#compare-verify").queryButton().isDisabled());
        assertEquals(a.trust().ownFingerprint(), text(robot, "#compare-mine"), "alice's own, for bob to compare");

        // a link for someone else, a fingerprint of no device of bob's, and a link whose key is not bob's: refused
        String carol = "carol@" + server.domain();
        paste(robot, "xmpp:" + carol + "?omemo-sid-" + phone + "=" + b.trust().ownFingerprint().replace(" ", ""));
        assertEquals(Strings.get("trust.verify.otherJid", carol, bob), text(robot, "#trust-message"));
        paste(robot, a.trust().ownFingerprint());
        assertEquals(Strings.get("trust.verify.noMatch", "Bob"), text(robot, "#trust-message"));
        String wrongKey = a.trust().ownFingerprint().replace(" ", "");
        paste(robot, "xmpp:" + bob + "?omemo-sid-" + phone + "=" + wrongKey);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Strings.get("trust.verify.mismatch")
                .equals(text(robot, "#trust-message")));
        Screenshots.save(robot, sceneOf(robot, "#trust-dialog"), "trust-uri-mismatch");
        assertEquals(Optional.of(TrustDecision.TRUSTED_BLIND), decision(a, bob, phone), "nothing changed");
        assertEquals("Encrypted for Bob (1 device); not all verified", text(robot, "#chat-encryption"));

        // bob's own link (as his QR code shows it) verifies his device, and the chat says so
        paste(robot, b.trust().ownUri());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> decision(a, bob, phone)
                .equals(Optional.of(TrustDecision.VERIFIED)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Strings.get("trust.state.verified")
                .equals(text(robot, "#state-" + phone)));
        assertEquals(Strings.get("trust.verify.done.one", "Bob"), text(robot, "#trust-message"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "Encrypted for Bob (1 device); verified"
                .equals(text(robot, "#chat-encryption")));
        Screenshots.save(robot, sceneOf(robot, "#trust-dialog"), "trust-contact-light");

        // distrust asks first; Cancel (the default) changes nothing
        robot.clickOn("#distrust-" + phone);
        FxWait.until(5, () -> robot.lookup("#confirm-distrust").tryQuery().isPresent());
        Screenshots.save(robot, sceneOf(robot, "#confirm-distrust"), "trust-distrust-question");
        assertFalse(robot.lookup("#confirm-distrust").queryButton().isDefaultButton());
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#confirm-distrust").tryQuery().isEmpty());
        assertEquals(Optional.of(TrustDecision.VERIFIED), decision(a, bob, phone));

        robot.interact(() -> {
            Theme.current().set(Theme.DARK);
            Theme.installCurrent();
        });
        Screenshots.save(robot, sceneOf(robot, "#trust-dialog"), "trust-contact-dark");
        Screenshots.save(robot, stage.getScene(), "trust-chat-verified-dark");
    }

    private static Optional<String> decode(javafx.scene.image.Image image) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] argb = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        return QrCode.decode(argb, width, height);
    }

    @Test
    void aQrImageOfTheContactsLinkVerifiesTheirDeviceAndOneWithoutACodeChangesNothing(FxRobot robot,
                                                                                      @TempDir Path folder)
            throws Exception {
        ProsodyServer server = PROSODY.server();
        Account[] accounts = aliceAndBob(server, "qr");
        Account a = accounts[0];
        Account b = accounts[1];
        String bob = b.jid();
        int phone = b.trust().ownDeviceId();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !a.trust().refresh(bob).get().isEmpty());
        // bob's QR code as Sotto draws it, saved as a picture (as a screenshot of his screen would be)
        Path picture = folder.resolve("bob.png");
        Path blank = folder.resolve("blank.png");
        robot.interact(() -> {
            try {
                writePng(QrView.image(QrCode.encode(b.trust().ownUri()), 3), picture);
                writePng(new WritableImage(120, 120), blank);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        TrustViewModel model = TrustViewModel.forJid(a, bob, "Bob", UiExecutor.fx());
        robot.interact(() -> model.verifyImageFile(blank.toFile()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Strings.get("trust.qr.none").equals(
                model.messageProperty().get()));
        assertEquals(Optional.of(TrustDecision.TRUSTED_BLIND), decision(a, bob, phone));
        robot.interact(() -> model.verifyImageFile(picture.toFile()));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !model.busyProperty().get()
                && !model.messageProperty().get().equals(Strings.get("trust.qr.none")));
        assertEquals(Strings.get("trust.verify.done.one", "Bob"), model.messageProperty().get());
        assertEquals(Optional.of(TrustDecision.VERIFIED), decision(a, bob, phone));
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

    @Test
    void aVerificationLinkFromTheCommandLineOpensTheContactsDevicesAndVerifiesOnlyWhenConfirmed(FxRobot robot)
            throws Exception {
        ProsodyServer server = PROSODY.server();
        Account[] accounts = aliceAndBob(server, "cli");
        Account a = accounts[0];
        Account b = accounts[1];
        String bob = b.jid();
        int phone = b.trust().ownDeviceId();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !a.trust().refresh(bob).get().isEmpty());
        AtomicReference<MainWindow> window = new AtomicReference<>();
        robot.interact(() -> {
            window.set(MainWindow.show(stage, alices));
            window.get().verifyAfterUnlock(b.trust().ownUri()); // as ./sotto 'xmpp:bob…?omemo-sid-…' does after unlock
        });
        FxWait.until(10, () -> robot.lookup("#device-" + phone).tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(bob, window.get().chats().openChatProperty().get().peer(), "bob's chat is open behind it");
        assertEquals(b.trust().ownUri(), robot.lookup("#verify-uri").<TextField>query().getText());
        assertEquals(Optional.of(TrustDecision.TRUSTED_BLIND), decision(a, bob, phone), "nothing verified unasked");
        robot.interact(() -> robot.lookup("#verify-uri-button").queryButton().fire());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> decision(a, bob, phone)
                .equals(Optional.of(TrustDecision.VERIFIED)));
        robot.interact(() -> window.get().chats().close());
    }

    @Test
    void aChangedIdentityKeyIsASecurityWarningWithBothFingerprintsThatStays(FxRobot robot) throws Exception {
        ProsodyServer server = PROSODY.server();
        Account[] accounts = aliceAndBob(server, "key");
        Account a = accounts[0];
        Account b = accounts[1];
        String bob = b.jid();
        int phone = b.trust().ownDeviceId();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !a.trust().refresh(bob).get().isEmpty());
        // core reports it when a known device presents another key (a reinstall reusing its id, or an attack),
        // before this chat is opened; the report is kept until the chat shows it
        String presented = a.trust().ownFingerprint();
        KeyChangeWarnings.record(new IdentityKeyChanged(a.jid(), bob, phone, b.trust().ownFingerprint(), presented));
        show(robot, a, bob, "Bob");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !model.trust().keyChangedProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#key-changed-banner").queryLabeled().isVisible());
        assertEquals(Strings.get("trust.banner.keyChanged", "Bob", String.valueOf(phone), b.trust().ownFingerprint(),
                presented).replace('\n', ' '), text(robot, "#key-changed-banner"));
        assertFalse(text(robot, "#chat-encryption").startsWith("Encrypted for Bob"), "bob's only device gets nothing");
        Screenshots.save(robot, stage.getScene(), "trust-chat-key-changed");
        // the key on record is still the old one: the warning stays through a refresh
        a.trust().refresh(bob).get(10, TimeUnit.SECONDS);
        robot.interact(() -> model.trust().encryptionChanged(model.encryptionProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(500); // the reload reads the store off the JavaFX thread
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(model.trust().keyChangedProperty().get().isEmpty());
    }

    @Test
    void aNewDeviceOfAVerifiedContactStopsTheSendUntilTheUserDecidesThenTheMessageGoesOut(FxRobot robot)
            throws Exception {
        ProsodyServer server = PROSODY.server();
        Account[] accounts = aliceAndBob(server, "new");
        Account a = accounts[0];
        Account b = accounts[1];
        String bob = b.jid();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !a.trust().refresh(bob).get().isEmpty());
        a.trust().verify(b.trust().ownUri()).get(10, TimeUnit.SECONDS); // as if alice scanned bob's QR code
        show(robot, a, bob, "Bob");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.trust().readersProperty().get().endsWith("; verified"));

        bobsLaptop = Profiles.inMemory(OPTIONS);
        Account laptop = online(bobsLaptop, server, bob, "laptop");
        int laptopId = laptop.trust().ownDeviceId();
        // the server's push of bob's new list may take a while; a fetch (as a send does) finds the device too
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> a.trust().refresh(bob).get().size() == 2);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !model.trust().newDeviceProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#new-device-banner").queryLabeled().isVisible());
        assertEquals(Strings.get("trust.banner.newDevice.one", "Bob"), text(robot, "#new-device-banner"));
        assertEquals(Optional.of(TrustDecision.UNDECIDED), decision(a, bob, laptopId));

        robot.clickOn("#composer").write("are you there?").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !model.sendErrorProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#decide-devices").queryButton().isVisible(), "the blocked send offers the decision");
        assertEquals(Strings.get("trust.decide.one", "Bob"), text(robot, "#decide-devices"));
        assertFalse(robot.lookup("#send-plaintext").queryButton().isVisible(), "no plaintext for a decision");
        Screenshots.save(robot, stage.getScene(), "trust-chat-new-device");

        robot.clickOn("#decide-devices");
        FxWait.until(10, () -> robot.lookup("#device-" + laptopId).tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, robot.lookup(".trust-device").queryAll().size(), "exactly the device the send waits for");
        assertEquals(laptop.trust().ownFingerprint(), text(robot, "#fingerprint-" + laptopId));
        Screenshots.save(robot, sceneOf(robot, "#trust-dialog"), "trust-decision-light");
        robot.clickOn("#trust-" + laptopId);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> decision(a, bob, laptopId)
                .equals(Optional.of(TrustDecision.TRUSTED_BLIND)));
        // the decision released the message: bob's laptop receives it
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> laptop.chats().history(a.jid(), Optional.empty(), 5)
                .get().stream().anyMatch(m -> m.body().equals("are you there?")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.trust().newDeviceProperty().get().isEmpty());
        assertEquals("", model.sendErrorProperty().get());
        assertEquals("", model.composerProperty().get());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "Encrypted for Bob (2 devices); not all verified"
                .equals(text(robot, "#chat-encryption")));
        robot.clickOn("#trust-close");

        // bob's own devices, seen from his phone: this device first, the laptop with the same actions
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> b.trust().refresh(bob).get().size() == 2);
        AtomicReference<TrustDialog> own = new AtomicReference<>();
        robot.interact(() -> own.set(TrustDialog.show(TrustViewModel.forJid(b, bob, bob, UiExecutor.fx()), stage)));
        FxWait.until(10, () -> robot.lookup("#device-" + laptopId).tryQuery().isPresent()
                && !text(robot, "#own-fingerprint").isEmpty());
        assertEquals(b.trust().ownFingerprint(), text(robot, "#own-fingerprint"));
        assertTrue(robot.lookup("#remove-" + laptopId).tryQuery().isPresent());
        // the QR code: whole device pixels per module, quiet zone kept; read back from the screen it is the link
        FxWait.until(10, () -> robot.lookup("#own-qr").<ImageView>query().getImage() != null);
        AtomicReference<Optional<String>> scanned = new AtomicReference<>();
        robot.interact(() -> {
            ImageView qr = robot.lookup("#own-qr").query();
            QrCode code = QrCode.encode(b.trust().ownUri());
            double scale = qr.getScene().getWindow().getOutputScaleX();
            int width = (int) qr.getImage().getWidth();
            assertEquals(0, width % code.size(), "a module is a whole number of pixels");
            assertEquals(width, qr.getFitWidth() * scale, 0.001, "one image pixel is one device pixel");
            WritableImage shot = qr.snapshot(null, null);
            scanned.set(decode(shot));
        });
        assertEquals(Optional.of(b.trust().ownUri()), scanned.get());
        Screenshots.save(robot, sceneOf(robot, "#own-fingerprint"), "trust-own-light");
        robot.interact(() -> {
            Theme.current().set(Theme.DARK);
            Theme.installCurrent();
        });
        Screenshots.save(robot, sceneOf(robot, "#own-fingerprint"), "trust-own-dark");
        robot.interact(() -> own.get().dialog().close());
    }
}
