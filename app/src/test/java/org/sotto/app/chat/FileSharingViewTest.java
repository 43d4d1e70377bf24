package org.sotto.app.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Window;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import org.sotto.app.FileDrop;
import org.sotto.app.FxWait;
import org.sotto.app.Screenshots;
import org.sotto.app.TwoProfilesFxTest;
import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * Two chat views side by side on a real Prosody with HTTP upload: files pasted and dropped into alice's chat reach
 * bob's window decrypted, the image as a thumbnail and the text as a card, and Save as… writes the same bytes.
 */
class FileSharingViewTest extends TwoProfilesFxTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private ChatViewModel aliceChat;
    private ChatViewModel bobChat;

    /** Answers the file choosers as a user would: the paths chosen, in order. */
    private static final class Answers implements ChatView.FileDialogs {
        final List<Path> saveTargets = new ArrayList<>();

        @Override
        public List<Path> choose(Window owner, String title) {
            return List.of();
        }

        @Override
        public Optional<Path> saveAs(Window owner, String name) {
            return saveTargets.isEmpty() ? Optional.empty() : Optional.of(saveTargets.remove(0));
        }
    }

    @Test
    void pastedAndDroppedFilesReachThePeerDecrypted(FxRobot robot, @TempDir Path temp) throws Exception {
        ProsodyServer server = PROSODY.server();
        Account[] pair = twoOnline(server, "alice", "bob");
        Account a = pair[0];
        Account b = pair[1];
        String alice = a.jid();
        String bob = b.jid();
        a.chats().send(bob, "Photos from Saturday, and the list").get(10, TimeUnit.SECONDS);
        Path photo = ChatFilesViewModelTest.picture(temp.resolve("garden.png"));
        Path notes = Files.writeString(temp.resolve("notes.txt"), "Tent, maps, compass.\n");

        Answers bobAnswers = new Answers();
        AtomicReference<ChatView[]> views = new AtomicReference<>();
        robot.interact(() -> {
            aliceChat = new ChatViewModel(alices, a, bob, "Bob", UiExecutor.fx());
            bobChat = new ChatViewModel(bobs, b, alice, "Alice", UiExecutor.fx());
            closeOnFx(aliceChat::close);
            closeOnFx(bobChat::close);
            aliceChat.start();
            bobChat.start();
            ChatView left = new ChatView(aliceChat);
            ChatView right = new ChatView(bobChat);
            right.useDialogs(bobAnswers);
            left.root().setId("alice-side");
            right.root().setId("bob-side");
            HBox both = new HBox(left.root(), right.root());
            HBox.setHgrow(left.root(), Priority.ALWAYS);
            HBox.setHgrow(right.root(), Priority.ALWAYS);
            ((Region) left.root()).setPrefWidth(640);
            ((Region) right.root()).setPrefWidth(640);
            Scene scene = new Scene(both, 1280, 800); // the headless screen
            scene.getStylesheets().add(Controls.stylesheet());
            stage.setScene(scene);
            stage.show();
            views.set(new ChatView[] {left, right});
        });
        FxWait.until(30, () -> aliceChat.loadedProperty().get()
                && bobChat.loadedProperty().get() && aliceChat.encryptionProperty().get() != Encryption.DEVICES_UNKNOWN
                && aliceChat.encryptionProperty().get() != Encryption.PLAINTEXT);
        Parent aliceSide = views.get()[0].root();
        Parent bobSide = views.get()[1].root();
        Button attach = robot.from(aliceSide).lookup("#attach").queryButton();
        assertEquals(Strings.get("file.attach"), attach.getAccessibleText());

        // Ctrl+V with files on the clipboard sends them, not their names
        robot.interact(() -> {
            ClipboardContent content = new ClipboardContent();
            content.putFiles(List.of(photo.toFile(), notes.toFile()));
            Clipboard.getSystemClipboard().setContent(content);
        });
        robot.clickOn(robot.from(aliceSide).lookup("#composer").queryAs(Node.class));
        robot.push(KeyCode.CONTROL, KeyCode.V);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", aliceChat.composerProperty().get(), "no file names pasted as text");

        // bob: the image as a thumbnail, the text as a card, both downloaded below the auto-download limit
        FxWait.until(40, () -> !robot.from(bobSide).lookup(".file-thumbnail")
                .queryAll().isEmpty());
        ImageView thumbnail = FxWait.read(() -> robot.from(bobSide).lookup(".file-thumbnail").query());
        assertTrue(thumbnail.getImage().getWidth() <= ChatFiles.THUMBNAIL, "a thumbnail, not the picture");
        // a received file is named as in its URL: the sender's client chose a random name, keeping the extension
        assertTrue(thumbnail.getAccessibleText().matches(Strings.get("file.thumbnail.accessible", "[0-9a-f-]{36}\\.png",
                ChatFiles.size(Files.size(photo))).replace("(", "\\(").replace(")", "\\)")), thumbnail.getAccessibleText());
        FxWait.until(20, () -> bobChat.messages().stream().anyMatch(m -> m.attachment()
                .filter(f -> f.name().endsWith(".txt") && f.downloaded()).isPresent()));
        // the card may sit above the thumbnail, out of sight: bring it into view
        robot.interact(() -> {
            List<ChatMessage> shown = bobChat.messages();
            for (int i = 0; i < shown.size(); i++) {
                if (shown.get(i).attachment().filter(f -> f.name().endsWith(".txt")).isPresent()) {
                    views.get()[1].flow().show(i);
                }
            }
        });
        FxWait.until(20, () -> card(robot, bobSide, ".txt").isPresent()
                && save(robot, card(robot, bobSide, ".txt").get()).isPresent());
        String notesName = FxWait.read(() -> ((Labeled) robot.from(card(robot, bobSide, ".txt").get())
                .lookup(".file-name").query()).getText());
        assertEquals(Strings.get("file.card.accessible", notesName, "21 bytes", "TXT text"),
                FxWait.read(() -> robot.from(card(robot, bobSide, ".txt").get()).lookup(".file-head").query()
                        .getAccessibleText()));
        // alice keeps the original names
        assertEquals(List.of("garden.png", "notes.txt"), aliceChat.messages().stream()
                .flatMap(m -> m.attachment().stream()).map(f -> f.name()).sorted().toList());

        // Save as… writes the plaintext where bob chose, byte for byte
        Path savedNotes = temp.resolve("bob-notes.txt");
        Path savedPhoto = temp.resolve("bob-garden.png");
        bobAnswers.saveTargets.add(savedNotes);
        robot.clickOn(FxWait.read(() -> save(robot, card(robot, bobSide, ".txt").get()).get()));
        FxWait.until(10, () -> Files.exists(savedNotes));
        assertArrayEquals(Files.readAllBytes(notes), Files.readAllBytes(savedNotes));
        bobAnswers.saveTargets.add(savedPhoto);
        Node photoCard = thumbnail.getParent();
        robot.clickOn(save(robot, photoCard).orElseThrow());
        FxWait.until(10, () -> Files.exists(savedPhoto));
        assertArrayEquals(Files.readAllBytes(photo), Files.readAllBytes(savedPhoto));
        FxWait.until(10, () -> robot.from(bobSide).lookup("#file-notice")
                .queryLabeled().getText().equals(Strings.get("file.saved", savedPhoto)));

        // dropped: three large files; core moves two at a time, so the third waits, and is cancelled
        List<File> dropped = new ArrayList<>();
        for (String name : List.of("survey-1.tif", "survey-2.tif", "survey-3.tif")) {
            dropped.add(ChatFilesViewModelTest.sparse(temp.resolve(name), 15L << 20).toFile());
        }
        AtomicReference<FileDrop.Outcome> drop = new AtomicReference<>();
        robot.interact(() -> drop.set(FileDrop.onto(aliceSide, dropped, "drop-target")));
        assertEquals(new FileDrop.Outcome(true, true, true), drop.get(), "outlined while over, taken, dropped");
        assertFalse(aliceSide.getStyleClass().contains("drop-target"), "no outline after the drop");
        FxWait.until(10, () -> robot.from(aliceSide).lookup(".upload-row")
                .queryAll().size() == 3);
        Screenshots.save(robot, stage.getScene(), "chat-files-light");
        robot.interact(() -> {
            Theme.current().set(Theme.DARK);
            Theme.installCurrent();
        });
        Screenshots.save(robot, stage.getScene(), "chat-files-dark");
        Button cancel = robot.from(aliceSide).lookup(".file-cancel").queryAllAs(Button.class).stream()
                .filter(button -> button.getAccessibleText().equals(Strings.get("file.upload.cancel", "survey-3.tif")))
                .findFirst().orElseThrow();
        robot.clickOn(cancel);
        FxWait.until(10, () -> robot.from(aliceSide).lookup("#file-notice")
                .queryLabeled().getText().equals(Strings.get("file.upload.cancelled", "survey-3.tif")));
        // the others arrive at bob's above his auto-download limit: waiting for him, with their size
        FxWait.until(60, () -> robot.from(bobSide).lookup(".file-download")
                .queryAll().size() == 2);
        assertEquals(Strings.get("file.download", ChatFiles.size(15L << 20)),
                FxWait.read(() -> robot.from(bobSide).lookup(".file-download").queryLabeled().getText()));
        assertTrue(FxWait.read(() -> robot.from(aliceSide).lookup(".upload-row").queryAll().isEmpty()),
                "sent: the rows go");
        Screenshots.save(robot, stage.getScene(), "chat-files-sent-dark");
        FxWait.until(10, () -> robot.from(aliceSide).lookup(".file-name").queryAll()
                .stream().filter(label -> ((Labeled) label).getText().startsWith("survey-")).count() == 2);
        assertTrue(FxWait.read(() -> card(robot, aliceSide, "survey-3.tif").isEmpty()),
                "the cancelled file was not sent");

        // bob downloads one of the dropped files; Save as… gives alice's bytes
        robot.clickOn(FxWait.read(() -> robot.from(bobSide).lookup(".file-download").queryButton()));
        FxWait.until(60, () -> card(robot, bobSide, ".tif")
                .flatMap(c -> save(robot, c)).isPresent());
        Path savedSurvey = temp.resolve("bob-survey.tif");
        bobAnswers.saveTargets.add(savedSurvey);
        robot.clickOn(FxWait.read(() -> card(robot, bobSide, ".tif").flatMap(c -> save(robot, c)).orElseThrow()));
        FxWait.until(20, () -> robot.from(bobSide).lookup("#file-notice")
                .queryLabeled().getText().equals(Strings.get("file.saved", savedSurvey)));
        assertEquals(-1, Files.mismatch(dropped.get(0).toPath(), savedSurvey), "the dropped file's bytes at bob");

        // in plaintext the attach button says why there are no files, and a click opens no chooser
        robot.interact(() -> aliceChat.choosePlaintext(true));
        FxWait.until(10, () -> aliceChat.plaintextProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Strings.get("file.attach.unavailable"), attach.getAccessibleText());
        assertEquals(Strings.get("file.attach.unavailable"), attach.getTooltip().getText());
        robot.clickOn(attach);
        assertEquals(Strings.get("file.unavailable"), robot.from(aliceSide).lookup("#file-problem").queryLabeled()
                .getText());
    }

    /** The card of the file whose name ends so. */
    private static Optional<Node> card(FxRobot robot, Parent side, String end) {
        return robot.from(side).lookup(".file-card").queryAll().stream()
                .filter(card -> robot.from(card).lookup(".file-name").queryAll().stream()
                        .anyMatch(label -> ((Labeled) label).getText().endsWith(end)))
                .findFirst();
    }

    private static Optional<Node> save(FxRobot robot, Node card) {
        return robot.from(card).lookup(".file-save").queryAll().stream().findFirst();
    }
}
