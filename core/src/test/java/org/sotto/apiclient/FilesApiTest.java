package org.sotto.apiclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.file.Attachment;
import org.sotto.core.api.file.FileException;
import org.sotto.core.api.file.FileTransfer;
import org.sotto.core.api.file.TransferProgress;
import org.sotto.core.api.file.TransferState;
import org.sotto.core.internal.testing.Await;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** Sending, downloading and exporting files through the API alone, against a real server with HTTP upload. */
class FilesApiTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    /** Prosody's http_file_share limit in the test server (16 MiB of ciphertext, so 16 bytes less of plaintext). */
    private static final long SERVER_LIMIT = 16L * 1024 * 1024;

    private static Account online(SottoProfile profile, ProsodyServer server, String jid, String password) {
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort()), password);
        assertInstanceOf(ConnectionState.Online.class, account.connect().orTimeout(20, TimeUnit.SECONDS).join());
        return account;
    }

    private static FileException fileFailure(Runnable action) {
        CompletionException e = assertThrows(CompletionException.class, action::run);
        return assertInstanceOf(FileException.class, e.getCause(), String.valueOf(e.getCause()));
    }

    private static Optional<ChatMessage> withFile(Account account, String peer) {
        return Await.done(account.chats().history(peer, Optional.empty(), 20)).stream()
                .filter(m -> m.attachment().isPresent()).reduce((first, second) -> second);
    }

    @Test
    void aFileGoesToAContactWhoDownloadsItWithProgress(@TempDir Path temp) throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");
        ProfileOptions options = ProfileOptions.defaults().withCertificateTrust(server.certificate().trustManager())
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).withConnectOnOpen(false);
        // profiles on disk: the timeline reads come from the encrypted database
        try (SottoProfile aliceProfile = Profiles.create(temp.resolve("alice"), "a".toCharArray(), "a".toCharArray(), options);
             SottoProfile bobProfile = Profiles.create(temp.resolve("bob"), "b".toCharArray(), "b".toCharArray(), options)) {
            Account a = online(aliceProfile, server, alice, "alice-pw");
            Account b = online(bobProfile, server, bob, "bob-pw");
            b.files().setAutoDownloadLimit(0); // bob downloads when he asks

            assertEquals(Optional.of(SERVER_LIMIT - 16), Await.done(a.files().uploadLimit()));

            byte[] plaintext = new byte[1_500_000];
            new Random(12).nextBytes(plaintext);
            Path original = Files.write(temp.resolve("plan of the garden.png"), plaintext);
            FileTransfer upload = a.files().send(bob, List.of(original)).get(0);
            List<TransferProgress> uploadSteps = new CopyOnWriteArrayList<>();
            upload.progress().subscribe(uploadSteps::add);
            Attachment sent = Await.done(upload.result());
            assertEquals("plan of the garden.png", sent.name());
            assertEquals("image/png", sent.mediaType());
            assertEquals(Optional.of((long) plaintext.length), sent.size());
            assertEquals(TransferState.DONE, sent.state());
            assertFalse(upload.cancel(), "too late once sent");
            Await.until("the upload reported its end", () -> uploadSteps.stream()
                    .anyMatch(p -> p.phase() == TransferProgress.Phase.DONE));
            assertTrue(uploadSteps.stream().anyMatch(p -> p.phase() == TransferProgress.Phase.UPLOADING
                    && p.done() == plaintext.length + 16L && p.total() == plaintext.length + 16L), uploadSteps.toString());

            // alice's own timeline shows the file, never its URL or key
            ChatMessage own = withFile(a, bob).orElseThrow();
            assertEquals(sent, own.attachment().orElseThrow());
            assertEquals("", own.body());

            // bob's timeline carries the file with the message (same read), waiting for him
            Await.until("bob has the message with the file", () -> withFile(b, alice).isPresent());
            ChatMessage received = withFile(b, alice).orElseThrow();
            assertEquals("", received.body(), "the aesgcm URL with its key never reaches the API");
            Attachment waiting = received.attachment().orElseThrow();
            assertEquals(TransferState.PENDING, waiting.state());
            assertEquals(received.key(), waiting.messageKey());
            assertEquals("image/png", waiting.mediaType());

            List<ChatMessage> bobTimeline = new CopyOnWriteArrayList<>();
            try (var following = b.chats().follow(alice, Runnable::run, bobTimeline::addAll)) {
                FileTransfer download = b.files().download(received.key());
                List<TransferProgress> downloadSteps = new CopyOnWriteArrayList<>();
                download.progress().subscribe(downloadSteps::add);
                Attachment fetched = Await.done(download.result());
                assertEquals(TransferState.DONE, fetched.state());
                assertEquals(Optional.of((long) plaintext.length), fetched.size());
                Await.until("the download reported its end", () -> downloadSteps.stream()
                        .anyMatch(p -> p.phase() == TransferProgress.Phase.DONE));
                assertTrue(downloadSteps.stream().filter(p -> p.phase() == TransferProgress.Phase.DOWNLOADING).count() > 1,
                        "progress in steps: " + downloadSteps);
                assertTrue(downloadSteps.stream().anyMatch(p -> p.phase() == TransferProgress.Phase.DOWNLOADING
                        && p.done() == plaintext.length + 16L), downloadSteps.toString());
                Await.until("the followed timeline got the message again, downloaded", () -> bobTimeline.stream()
                        .anyMatch(m -> m.key().equals(received.key())
                                && m.attachment().map(Attachment::downloaded).orElse(false)));
            }
            assertEquals(TransferState.DONE, withFile(b, alice).orElseThrow().attachment().orElseThrow().state());

            Path exported = Await.done(b.files().export(received.key(), temp.resolve("at-bob.png")));
            assertArrayEquals(plaintext, Files.readAllBytes(exported));
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            Await.done(b.files().export(received.key(), streamed)); // in memory only (a window's thumbnail)
            assertArrayEquals(plaintext, streamed.toByteArray());

            // the local copy can go, and the timeline says so
            Await.done(b.files().deleteLocalCopy(received.key()));
            assertEquals(TransferState.PENDING, withFile(b, alice).orElseThrow().attachment().orElseThrow().state());
            assertEquals(FileException.Reason.NOT_DOWNLOADED,
                    fileFailure(() -> Await.done(b.files().export(received.key(), temp.resolve("again.png")))).reason());

            // one byte over the limit: refused before anything is encrypted or uploaded, with the limit
            Path big = temp.resolve("too-big.iso");
            try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
                file.setLength(SERVER_LIMIT - 15);
            }
            FileTransfer refused = a.files().send(bob, List.of(big)).get(0);
            List<TransferProgress> refusedSteps = new CopyOnWriteArrayList<>();
            refused.progress().subscribe(refusedSteps::add);
            FileException tooLarge = fileFailure(() -> Await.done(refused.result()));
            assertEquals(FileException.Reason.TOO_LARGE, tooLarge.reason());
            assertEquals(OptionalLong.of(SERVER_LIMIT - 16), tooLarge.limit());
            Await.until("the refusal shows as the transfer's end", () -> refusedSteps.stream()
                    .anyMatch(p -> p.phase() == TransferProgress.Phase.FAILED
                            && p.failure().equals(Optional.of(FileException.Reason.TOO_LARGE))));
            assertTrue(refusedSteps.stream().noneMatch(p -> p.phase() == TransferProgress.Phase.ENCRYPTING
                    || p.phase() == TransferProgress.Phase.UPLOADING), refusedSteps.toString());

            // a cancelled upload sends nothing
            byte[] more = new byte[8 * 1024 * 1024];
            new Random(13).nextBytes(more);
            FileTransfer cancelled = a.files().send(bob, List.of(Files.write(temp.resolve("video.mp4"), more))).get(0);
            assertTrue(cancelled.cancel());
            assertEquals(FileException.Reason.CANCELLED, fileFailure(() -> Await.done(cancelled.result())).reason());
            assertEquals(sent, withFile(a, bob).orElseThrow().attachment().orElseThrow(), "no message for the cancelled file");
        }
    }
}
