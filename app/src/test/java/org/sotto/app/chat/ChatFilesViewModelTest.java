package org.sotto.app.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import javafx.collections.ListChangeListener;
import javafx.scene.image.Image;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.app.UiThread;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.file.Attachment;
import org.sotto.core.api.file.FileException;
import org.sotto.core.api.file.TransferProgress;
import org.sotto.core.api.file.TransferState;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** Files in an open chat between two accounts on a real Prosody with its HTTP upload service (16 MiB limit). */
class ChatFilesViewModelTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final ProfileOptions OPTIONS = ProfileOptions.defaults().withConnectOnOpen(false);
    /** Prosody's http_file_share limit in the test server, less the 16 bytes of the GCM tag. */
    private static final long LIMIT = 16L * 1024 * 1024 - 16;

    private final UiThread ui = new UiThread();
    private SottoProfile alices;
    private SottoProfile bobs;

    @AfterEach
    void close() {
        ui.close();
        if (alices != null) {
            alices.close();
        }
        if (bobs != null) {
            bobs.close();
        }
    }

    private Account[] pair(String alice, String bob) throws Exception {
        ProsodyServer server = PROSODY.server();
        String a = server.register(alice, "pw");
        String b = server.register(bob, "pw");
        alices = Profiles.inMemory(OPTIONS);
        bobs = Profiles.inMemory(OPTIONS);
        Account aliceAccount = ChatMessagesViewModelTest.online(alices, server, a);
        Account bobAccount = ChatMessagesViewModelTest.online(bobs, server, b);
        ChatMessagesViewModelTest.devicesKnown(aliceAccount, b);
        ChatMessagesViewModelTest.devicesKnown(bobAccount, a);
        return new Account[] {aliceAccount, bobAccount};
    }

    private ChatViewModel open(SottoProfile profile, Account account, String peer, String title) {
        ChatViewModel chat = ui.get(() -> new ChatViewModel(profile, account, peer, title, ui));
        ui.run(chat::start);
        ui.await("the chat is loaded", () -> chat.loadedProperty().get());
        ui.await("the chat is encrypted", () -> chat.encryptionProperty().get() != Encryption.DEVICES_UNKNOWN
                && chat.encryptionProperty().get() != Encryption.PLAINTEXT);
        return chat;
    }

    /** A picture of 800 × 600 with noise, so its PNG is large enough to move in several steps. */
    static Path picture(Path file) throws IOException {
        BufferedImage image = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(0x2f, 0x6f, 0xb5), 800, 600, new Color(0xf0, 0xa0, 0x30)));
        g.fillRect(0, 0, 800, 600);
        g.dispose();
        Random random = new Random(7);
        for (int i = 0; i < 120_000; i++) {
            image.setRGB(random.nextInt(800), random.nextInt(600), random.nextInt(0xffffff));
        }
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    static Path sparse(Path file, long size) throws IOException {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(size);
        }
        return file;
    }

    private static List<ChatMessage> withFiles(ChatViewModel chat) {
        return chat.messages().stream().filter(m -> m.attachment().isPresent()).toList();
    }

    @Test
    void filesGoEncryptedWithProgressAndArriveAsThumbnailAndCard(@TempDir Path temp) throws Exception {
        Account[] accounts = pair("alice", "bob");
        Account a = accounts[0];
        Account b = accounts[1];
        ChatViewModel aliceChat = open(alices, a, b.jid(), "Bob");
        Path photo = picture(temp.resolve("garden.png"));
        Path notes = Files.writeString(temp.resolve("notes.txt"), "Tent, maps, compass.\n");

        List<TransferProgress.Phase> phases = new CopyOnWriteArrayList<>();
        ui.run(() -> {
            assertTrue(aliceChat.files().offered());
            aliceChat.files().uploads().addListener((ListChangeListener<ChatFiles.Upload>) c -> {
                while (c.next()) {
                    c.getAddedSubList().forEach(u -> u.progressProperty().addListener((obs, old, next) ->
                            phases.add(next.phase())));
                }
            });
            assertTrue(aliceChat.files().send(List.of(photo, notes)));
        });
        ui.await("both show", () -> aliceChat.files().uploads().size() == 2);
        assertEquals("garden.png", ui.get(() -> aliceChat.files().uploads().get(0).name()));
        ui.await("both are sent", () -> aliceChat.files().uploads().isEmpty() && withFiles(aliceChat).size() == 2);
        assertTrue(phases.contains(TransferProgress.Phase.UPLOADING), phases.toString());
        assertEquals("", ui.get(() -> aliceChat.files().problemProperty().get()));
        // alice's own image has its thumbnail too (her local copy is the encrypted upload)
        String ownPhoto = ui.get(() -> withFiles(aliceChat).stream()
                .filter(m -> m.attachment().get().name().equals("garden.png")).findFirst().orElseThrow().key());
        ui.await("alice's thumbnail", () -> aliceChat.files().thumbnails().containsKey(ownPhoto));

        ChatViewModel bobChat = open(bobs, b, a.jid(), "Alice");
        ui.await("bob has both files, downloaded below the auto-download limit", () -> withFiles(bobChat).size() == 2
                && withFiles(bobChat).stream().allMatch(m -> m.attachment().get().downloaded()));
        ChatMessage image = ui.get(() -> withFiles(bobChat).stream()
                .filter(m -> m.attachment().get().mediaType().equals("image/png")).findFirst().orElseThrow());
        ChatMessage text = ui.get(() -> withFiles(bobChat).stream()
                .filter(m -> !m.attachment().get().mediaType().equals("image/png")).findFirst().orElseThrow());
        assertEquals("", image.body(), "no URL, no key in the body");
        ui.await("the image has a thumbnail", () -> bobChat.files().thumbnails().containsKey(image.key()));
        Image thumbnail = ui.get(() -> bobChat.files().thumbnails().get(image.key()));
        assertEquals(ChatFiles.THUMBNAIL, thumbnail.getWidth(), 0.5, "bounded to 320 px");
        assertEquals(240, thumbnail.getHeight(), 0.5, "in proportion");
        assertFalse(ui.get(() -> bobChat.files().thumbnails().containsKey(text.key())), "a text file gets a card");

        Path saved = temp.resolve("saved.png");
        ui.run(() -> bobChat.files().saveAs(image, saved));
        ui.await("saved", () -> bobChat.files().noticeProperty().get().equals(Strings.get("file.saved", saved)));
        assertArrayEquals(Files.readAllBytes(photo), Files.readAllBytes(saved));

        // Open: only now a decrypted copy is written, into an owner-only temporary folder, and handed on
        CompletableFuture<Path> opened = new CompletableFuture<>();
        ChatFiles.installOpener(opened::complete);
        try {
            ui.run(() -> bobChat.files().open(text));
            Path copy = opened.get(10, TimeUnit.SECONDS);
            assertArrayEquals(Files.readAllBytes(notes), Files.readAllBytes(copy));
            assertTrue(copy.getFileName().toString().endsWith(".txt"), copy.toString());
            assertEquals("rwx------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(copy.getParent().getParent())));
        } finally {
            ChatFiles.installOpener(path -> { });
        }

        Attachment card = text.attachment().orElseThrow();
        assertEquals("21 bytes", ChatFiles.size(card.size().orElseThrow()));
        ui.run(aliceChat::close);
        ui.run(bobChat::close);
    }

    @Test
    void aFileAboveTheLimitIsRefusedWithTheLimitAndAPlaintextChatTakesNoFiles(@TempDir Path temp) throws Exception {
        Account[] accounts = pair("carol", "dave");
        Account a = accounts[0];
        ChatViewModel chat = open(alices, a, accounts[1].jid(), "Dave");
        Path large = sparse(temp.resolve("holiday.mov"), LIMIT + 1);
        Path small = Files.writeString(temp.resolve("list.txt"), "bread\n");
        ui.run(() -> assertTrue(chat.files().send(List.of(large, temp))));
        ui.await("the large one is refused", () -> !chat.files().problemProperty().get().isEmpty()
                && chat.files().uploads().isEmpty());
        String problem = ui.get(() -> chat.files().problemProperty().get());
        assertTrue(problem.contains(Strings.get("file.tooLarge", "holiday.mov", ChatFiles.size(LIMIT + 1),
                ChatFiles.size(LIMIT))), problem);
        assertTrue(problem.contains("16 MB"), "the limit in words: " + problem);
        assertTrue(problem.contains(Strings.get("file.notReadable", temp.getFileName())), "a folder is not sent");

        // plaintext chosen: nothing is offered to core at all
        ui.run(() -> chat.choosePlaintext(true));
        ui.await("plaintext", () -> chat.plaintextProperty().get());
        ui.run(() -> {
            assertFalse(chat.files().offered());
            assertFalse(chat.files().send(List.of(small)));
            assertEquals(Strings.get("file.unavailable"), chat.files().problemProperty().get());
            assertTrue(chat.files().uploads().isEmpty());
        });
        Thread.sleep(300);
        assertTrue(ui.get(() -> withFiles(chat).isEmpty()), "no file message was sent or stored");
        ui.run(chat::close);
    }

    @Test
    void anUploadCanBeCancelledAndAFailureSaysWhyAndIsRetried(@TempDir Path temp) throws Exception {
        Account[] accounts = pair("erin", "frank");
        Account a = accounts[0];
        ChatViewModel chat = open(alices, a, accounts[1].jid(), "Frank");
        // core uploads on two threads: the third file waits while the first two move
        List<Path> files = List.of(sparse(temp.resolve("one.bin"), 12L << 20), sparse(temp.resolve("two.bin"), 12L << 20),
                sparse(temp.resolve("three.bin"), 12L << 20));
        ui.run(() -> chat.files().send(files));
        ui.await("the first is moving", () -> !chat.files().uploads().isEmpty()
                && chat.files().uploads().get(0).progressProperty().get().phase() != TransferProgress.Phase.WAITING);
        ui.run(() -> {
            ChatFiles.Upload third = chat.files().uploads().stream().filter(u -> u.name().equals("three.bin"))
                    .findFirst().orElseThrow();
            assertTrue(chat.files().cancel(third));
        });
        ui.await("the others are sent", () -> chat.files().uploads().isEmpty() && withFiles(chat).size() == 2);
        assertEquals(Strings.get("file.upload.cancelled", "three.bin"), ui.get(() -> chat.files().noticeProperty().get()));
        assertEquals(List.of("one.bin", "two.bin"), ui.get(() -> withFiles(chat).stream()
                .map(m -> m.attachment().get().name()).sorted().toList()), "the cancelled one was not sent");

        // offline: the upload fails with the reason in words and stays, with Retry
        a.disconnect().get(10, TimeUnit.SECONDS);
        Path note = Files.writeString(temp.resolve("note.txt"), "back soon\n");
        ui.run(() -> chat.files().send(List.of(note)));
        ui.await("it failed", () -> chat.files().uploads().size() == 1 && chat.files().uploads().get(0).failed());
        assertEquals(Strings.get("file.failure.NOT_CONNECTED"),
                ui.get(() -> chat.files().uploads().get(0).failureProperty().get()));
        assertEquals(TransferProgress.Phase.FAILED,
                ui.get(() -> chat.files().uploads().get(0).progressProperty().get().phase()));
        assertTrue(a.connect().get(30, TimeUnit.SECONDS) instanceof ConnectionState.Online);
        ui.run(() -> chat.files().retry(chat.files().uploads().get(0)));
        ui.await("sent on retry", () -> chat.files().uploads().isEmpty() && withFiles(chat).size() == 3);
        ui.run(chat::close);
    }

    @Test
    void aDownloadShowsProgressAndCanBeCancelledThenDoneGivesTheThumbnail(@TempDir Path temp) throws Exception {
        Account[] accounts = pair("gina", "hank");
        Account a = accounts[0];
        Account b = accounts[1];
        b.files().setAutoDownloadLimit(0); // hank downloads when he asks
        Path photo = picture(temp.resolve("roof.png"));
        Path large = sparse(temp.resolve("scan.bin"), 12L << 20);
        a.files().send(b.jid(), List.of(photo)).get(0).result().get(30, TimeUnit.SECONDS);
        a.files().send(b.jid(), List.of(large)).get(0).result().get(30, TimeUnit.SECONDS);
        ChatViewModel chat = open(bobs, b, a.jid(), "Gina");
        ui.await("both files wait for hank", () -> withFiles(chat).size() == 2);
        ChatMessage image = ui.get(() -> withFiles(chat).stream()
                .filter(m -> m.attachment().get().mediaType().equals("image/png")).findFirst().orElseThrow());
        ChatMessage scan = ui.get(() -> withFiles(chat).stream()
                .filter(m -> !m.attachment().get().mediaType().equals("image/png")).findFirst().orElseThrow());
        assertFalse(image.attachment().get().downloaded());

        // cancelled while it runs: nothing kept, the file still waits
        ui.run(() -> {
            chat.files().startDownload(scan);
            assertTrue(chat.files().cancelDownload(scan));
        });
        ui.await("the cancel is reported", () -> chat.files().download(scan.key()).get() == null);
        Thread.sleep(300);
        assertFalse(ui.get(() -> withFiles(chat).stream().filter(m -> m.key().equals(scan.key())).findFirst()
                .orElseThrow().attachment().get().downloaded()), "not downloaded");

        List<TransferProgress> steps = new CopyOnWriteArrayList<>();
        ui.run(() -> {
            chat.files().download(image.key()).addListener((obs, old, next) -> {
                if (next != null) {
                    steps.add(next);
                }
            });
            chat.files().startDownload(image);
        });
        ui.await("the thumbnail shows once it is here", () -> chat.files().thumbnails().containsKey(image.key()));
        ui.await("the bar goes", () -> chat.files().download(image.key()).get() == null);
        assertTrue(steps.stream().anyMatch(p -> p.phase() == TransferProgress.Phase.DOWNLOADING && p.total() > 0
                && p.done() > 0), steps.toString());
        assertTrue(FileCard.fraction(steps.get(steps.size() - 1)) <= 1);

        // a file the server no longer has: the reason in words, and a retry fails the same way
        a.files().setAutoDownloadLimit(0);
        b.files().setAutoDownloadLimit(1 << 20);
        String gone = "aesgcm://localhost:" + PROSODY.server().httpsPort() + "/file_share/no-such-slot/gone.png#"
                + "00112233445566778899aabb" + "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        a.chats().send(b.jid(), gone).get(10, TimeUnit.SECONDS);
        ui.await("the download failed", () -> withFiles(chat).size() == 3 && withFiles(chat).stream()
                .anyMatch(m -> m.attachment().get().state() == TransferState.FAILED));
        ChatMessage failed = ui.get(() -> withFiles(chat).stream()
                .filter(m -> m.attachment().get().state() == TransferState.FAILED).findFirst().orElseThrow());
        assertEquals("", failed.body(), "the URL with its key is no body");
        assertEquals(Strings.get("file.failure.NOT_FOUND"), ChatFiles.failure(failed.attachment().get()));
        ui.run(() -> chat.files().startDownload(failed));
        ui.await("the retry failed the same way", () -> {
            TransferProgress now = chat.files().download(failed.key()).get();
            return now != null && now.phase() == TransferProgress.Phase.FAILED
                    && now.failure().equals(Optional.of(FileException.Reason.NOT_FOUND));
        }, () -> chat.files().download(failed.key()).get() + ", " + withFiles(chat).stream()
                .filter(m -> m.key().equals(failed.key())).findFirst().orElseThrow().attachment());
        ui.run(chat::close);
    }
}
