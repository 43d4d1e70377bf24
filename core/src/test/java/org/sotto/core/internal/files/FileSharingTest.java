package org.sotto.core.internal.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.httpfileupload.HttpFileUploadManager;
import org.jivesoftware.smackx.httpfileupload.element.Slot;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.event.FileProgress;
import org.sotto.core.api.event.FileUpdated;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.file.Attachment;
import org.sotto.core.api.file.FileException;
import org.sotto.core.api.file.TransferState;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.core.internal.persistence.store.StorePersistence;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.files.FileCipher.FileKey;
import org.sotto.crypto.files.FileCipher;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.store.KdfParameters;
import org.sotto.store.Profile;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * Encrypted file sharing through a real Prosody (mod_http_file_share, 16 MiB limit) between Sotto cores with OMEMO:
 * alice and bob on encrypted profiles (OMEMO 2 and 0.3), carol speaking only OMEMO 0.3, and a plain Smack client of
 * bob that shows what travels on the wire.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FileSharingTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    static final KdfParameters FAST = new KdfParameters(KdfParameters.MINIMUM_MEMORY_KIB, 1, 1);

    @TempDir
    static Path temp;

    static TestSotto aliceDevice;
    static TestSotto bobDevice;
    static TestSotto carolDevice;
    static AccountSession alice;
    static AccountSession bob;
    static AccountSession carol;
    static String aliceJid;
    static String bobJid;
    static String carolJid;
    static Path aliceProfile;
    static Path bobProfile;
    static XMPPTCPConnection bobPlain;
    static final BlockingQueue<Message> onTheWire = new LinkedBlockingQueue<>();

    @BeforeAll
    static void accounts() throws Exception {
        ProsodyServer server = PROSODY.server();
        aliceJid = server.register("alice", "alice-pw");
        bobJid = server.register("bob", "bob-pw");
        carolJid = server.register("carol", "carol-pw");
        aliceProfile = temp.resolve("alice-profile");
        bobProfile = temp.resolve("bob-profile");
        aliceDevice = new TestSotto(server, profile(aliceProfile), TestSotto.options(server));
        bobDevice = new TestSotto(server, profile(bobProfile), TestSotto.options(server));
        carolDevice = TestSotto.start(server);
        alice = withOmemo(aliceDevice, aliceJid, "alice-pw", EnumSet.allOf(OmemoVersion.class));
        bob = withOmemo(bobDevice, bobJid, "bob-pw", EnumSet.allOf(OmemoVersion.class));
        carol = withOmemo(carolDevice, carolJid, "carol-pw", EnumSet.of(OmemoVersion.V0_3));
        bobPlain = Connections.create(ConnectionSettings.of(bobJid, "bob-pw").withResource("plain")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        bobPlain.addAsyncStanzaListener(stanza -> onTheWire.add((Message) stanza), StanzaTypeFilter.MESSAGE);
        bobPlain.connect().login();
    }

    static StorePersistence profile(Path dir) {
        return StorePersistence.owning(Profile.create(dir, "a passphrase for tests".toCharArray(), FAST));
    }

    static AccountSession withOmemo(TestSotto device, String jid, String password, Set<OmemoVersion> versions) {
        AccountSession session = device.sotto.accounts().add(device.record(jid), password);
        session.enableOmemo(new InMemoryOmemoStore(), versions);
        ConnectionState state = session.connect().orTimeout(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS).join();
        assertInstanceOf(ConnectionState.Online.class, state);
        return session;
    }

    @AfterAll
    static void close() throws Exception {
        bobPlain.disconnect();
        for (TestSotto device : List.of(aliceDevice, bobDevice, carolDevice)) {
            device.close();
            if (device.persistence instanceof StorePersistence store) {
                store.close();
            }
        }
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static Path write(String name, byte[] content) throws Exception {
        Path file = temp.resolve(name);
        Files.write(file, content);
        return file;
    }

    static Attachment fileState(TestSotto device, String messageKey, TransferState state) {
        return device.await(FileUpdated.class, e -> e.file().messageKey().equals(messageKey)
                && e.file().state() == state).file();
    }

    static HttpClient http() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {PROSODY.server().certificate().trustManager()}, null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Every regular file under the profile directory. */
    static List<Path> filesUnder(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    /** The message that shared the file at this URL, as the device received it. */
    static ChatMessage receivedFile(TestSotto device, URI downloadUrl) {
        String name = SharedFile.nameOf(downloadUrl);
        return device.await(MessageAdded.class, e -> e.message().attachment().map(a -> a.name().equals(name))
                .orElse(false)).message();
    }

    static FileException.Reason reasonOf(Throwable thrown) {
        Throwable cause = thrown instanceof CompletionException ? thrown.getCause() : thrown;
        return assertInstanceOf(FileException.class, cause, String.valueOf(cause)).reason();
    }

    @Test
    @Order(1)
    void aFewMegabytesTravelEncryptedAndStayEncryptedAtRestOnBothSides() throws Exception {
        byte[] plaintext = randomBytes(3 * 1024 * 1024 + 5, 1);
        Path original = write("holiday photo.jpg", plaintext);

        OutgoingFile outgoing = alice.files().send(bobJid, original);
        SharedFile sent = Await.done(outgoing.result());
        assertEquals(TransferState.DONE, sent.state());
        assertEquals(Optional.of((long) plaintext.length), sent.size());
        String onServerName = SharedFile.nameOf(sent.downloadUrl());
        assertTrue(onServerName.endsWith(".jpg") && !onServerName.contains("holiday"),
                "the server sees a random name with the extension: " + onServerName);
        assertEquals("holiday photo.jpg", sent.fileName(), "the sender keeps the original name");
        aliceDevice.await(FileProgress.class, e -> e.transferId().equals(outgoing.transferId())
                && e.phase() == FileProgress.Phase.UPLOADING && e.done() == e.total() && e.total() == plaintext.length + 16L);

        // bob's core recognised the aesgcm URL in the decrypted message and fetched the file automatically
        ChatMessage received = receivedFile(bobDevice, sent.downloadUrl());
        assertEquals(Encryption.E2EE_TRUSTED, received.encryption());
        assertEquals("", received.body(), "the URL with its key never leaves core");
        assertEquals(TransferState.PENDING, received.attachment().orElseThrow().state());
        assertEquals("image/jpeg", received.attachment().orElseThrow().mediaType());
        Attachment fetched = fileState(bobDevice, received.key(), TransferState.DONE);
        assertEquals(Optional.of((long) plaintext.length), fetched.size());
        bobDevice.await(FileProgress.class, e -> e.transferId().equals(received.key())
                && e.phase() == FileProgress.Phase.DOWNLOADING && e.done() == plaintext.length + 16L);

        // on the wire (bob's plain client): neither the URL nor the key, only OMEMO
        String xml;
        do {
            Message wire = onTheWire.poll(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(wire != null, "the plain client of bob got no message");
            xml = wire.toXML().toString();
        } while (!xml.contains("<encrypted"));
        assertFalse(xml.contains("aesgcm") || xml.contains(sent.downloadUrl().getPath()), xml);
        assertTrue(xml.contains("urn:xmpp:omemo:2"), xml);
        assertFalse(xml.contains("jabber:x:oob"), xml);

        // on the server: ciphertext + tag, not the plaintext
        byte[] onServer = http().send(HttpRequest.newBuilder(sent.downloadUrl()).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        assertEquals(plaintext.length + FileCipher.TAG_BYTES, onServer.length);
        assertFalse(contains(onServer, Arrays.copyOfRange(plaintext, 1000, 1032)));

        // at rest: both profiles keep exactly the server's ciphertext, owner-only, never the plaintext
        for (Path profile : List.of(aliceProfile, bobProfile)) {
            List<Path> copies = filesUnder(profile.resolve(StorePersistence.FILES_DIRECTORY));
            assertEquals(1, copies.size(), copies.toString());
            Path copy = copies.get(0);
            assertArrayEquals(onServer, Files.readAllBytes(copy));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.getParent())));
            for (Path any : filesUnder(profile)) {
                assertFalse(contains(Files.readAllBytes(any), Arrays.copyOfRange(plaintext, 5000, 5032)),
                        "plaintext of the file in " + any);
            }
        }

        // export yields the original bytes, on both sides, to a path and to a stream
        Path exported = Await.done(bob.files().export(received.key(), temp.resolve("exported.jpg")));
        assertArrayEquals(plaintext, Files.readAllBytes(exported));
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        Await.done(alice.files().export(sent.messageKey(), streamed));
        assertArrayEquals(plaintext, streamed.toByteArray());
        SharedFile stored = Await.done(bob.files().file(received.key())).orElseThrow();
        assertTrue(stored.localName().isPresent());
        assertEquals(TransferState.DONE, stored.state());
        assertEquals(sent.aesGcmUrl().toString(), stored.aesGcmUrl().toString(), "URL and key kept in the database");
    }

    @Test
    @Order(2)
    void legacyOmemoCarriesAFileToo() throws Exception {
        byte[] plaintext = randomBytes(200_000, 2);
        SharedFile sent = Await.done(alice.files().send(carolJid, write("notes.pdf", plaintext)).result());
        ChatMessage received = receivedFile(carolDevice, sent.downloadUrl());
        assertEquals(Encryption.E2EE_TRUSTED, received.encryption());
        fileState(carolDevice, received.key(), TransferState.DONE);
        Path exported = Await.done(carol.files().export(received.key(), temp.resolve("carol-notes.pdf")));
        assertArrayEquals(plaintext, Files.readAllBytes(exported));
    }

    /** Puts bytes on the upload server through a slot of alice's plain client; returns the HTTPS download URL. */
    static URI uploadRaw(byte[] content) throws Exception {
        ProsodyServer server = PROSODY.server();
        XMPPTCPConnection plain = Connections.create(ConnectionSettings.of(aliceJid, "alice-pw").withResource("raw")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        try {
            plain.connect().login();
            HttpFileUploadManager uploads = HttpFileUploadManager.getInstanceFor(plain);
            assertTrue(uploads.discoverUploadService());
            Slot slot = uploads.requestSlot("raw.bin", content.length, "application/octet-stream");
            HttpRequest.Builder put = HttpRequest.newBuilder(slot.getPutUrl().toURI())
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
            slot.getHeaders().forEach(put::header); // Prosody's slot carries an Authorization token
            int status = http().send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            assertEquals(201, status);
            return slot.getGetUrl().toURI();
        } finally {
            plain.disconnect();
        }
    }

    @Test
    @Order(3)
    void aTamperedFileFailsWithTagMismatchKeepsTheMessageAndKeepsNothingOfTheFile() throws Exception {
        byte[] plaintext = randomBytes(100_000, 3);
        FileKey key = FileKey.random(new SecureRandom());
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        FileCipher.encrypt(key, new ByteArrayInputStream(plaintext), encrypted, done -> { });
        byte[] tampered = encrypted.toByteArray();
        tampered[50_000] ^= 1;
        String url = new AesGcmUrl(uploadRaw(tampered), key).toString();
        List<Path> before = filesUnder(bobProfile.resolve(StorePersistence.FILES_DIRECTORY));

        Await.done(alice.chats().send(bobJid, url)); // an ordinary encrypted message with the URL
        ChatMessage received = receivedFile(bobDevice, AesGcmUrl.parse(url).httpsUrl());
        Attachment failed = fileState(bobDevice, received.key(), TransferState.FAILED);
        assertEquals(Optional.of(FileException.Reason.TAG_MISMATCH), failed.failure());
        assertEquals(before, filesUnder(bobProfile.resolve(StorePersistence.FILES_DIRECTORY)), "nothing of it is kept");
        assertTrue(Await.done(bob.chats().history(aliceJid, Optional.empty(), 50)).stream()
                .anyMatch(m -> m.key().equals(received.key())), "the message stays");

        // a retry fails the same way, typed; export is refused
        CompletionException retry = assertThrows(CompletionException.class,
                () -> Await.done(bob.files().download(received.key()).result()));
        assertEquals(FileException.Reason.TAG_MISMATCH, reasonOf(retry));
        CompletionException export = assertThrows(CompletionException.class,
                () -> Await.done(bob.files().export(received.key(), temp.resolve("never.bin"))));
        assertEquals(FileException.Reason.NOT_DOWNLOADED, reasonOf(export));
        assertFalse(Files.exists(temp.resolve("never.bin")));
    }

    @Test
    @Order(4)
    void aFileTheServerDoesNotHaveIsNotFound() throws Exception {
        URI upload = uploadRaw(new byte[32]);
        URI missing = upload.resolve("../no-such-slot/gone.bin");
        String url = new AesGcmUrl(missing, FileKey.random(new SecureRandom())).toString();
        Await.done(alice.chats().send(bobJid, url));
        ChatMessage received = receivedFile(bobDevice, missing);
        Attachment failed = fileState(bobDevice, received.key(), TransferState.FAILED);
        assertEquals(Optional.of(FileException.Reason.NOT_FOUND), failed.failure());
    }

    @Test
    @Order(5)
    void aFileAboveTheAutoDownloadLimitWaitsForTheUser() throws Exception {
        bob.files().setAutoDownloadLimit(1024 * 1024);
        try {
            byte[] plaintext = randomBytes(2 * 1024 * 1024, 5);
            SharedFile sent = Await.done(alice.files().send(bobJid, write("video.mp4", plaintext)).result());
            ChatMessage received = receivedFile(bobDevice, sent.downloadUrl());
            fileState(bobDevice, received.key(), TransferState.TRANSFERRING); // only the response headers were read
            Await.until("bob's core learnt the size and stopped", () -> Await.done(bob.files().file(received.key()))
                    .map(f -> f.state() == TransferState.PENDING && f.size().isPresent()).orElse(false));
            SharedFile waiting = Await.done(bob.files().file(received.key())).orElseThrow();
            assertEquals(Optional.of((long) plaintext.length), waiting.size());
            assertTrue(waiting.localName().isEmpty());
            assertTrue(bobDevice.recorded(FileProgress.class).stream().noneMatch(e -> e.transferId().equals(received.key())));

            Attachment fetched = Await.done(bob.files().download(received.key()).result());
            assertEquals(TransferState.DONE, fetched.state());
            Path exported = Await.done(bob.files().export(received.key(), temp.resolve("video-copy.mp4")));
            assertArrayEquals(plaintext, Files.readAllBytes(exported));
        } finally {
            bob.files().setAutoDownloadLimit(FileService.DEFAULT_AUTO_DOWNLOAD_LIMIT);
        }
    }

    @Test
    @Order(6)
    void aFileAboveTheServerLimitIsRefusedBeforeUploading() throws Exception {
        Path big = temp.resolve("too-big.iso");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(16L * 1024 * 1024 - 15); // + the 16-byte tag is one byte over Prosody's 16 MiB
        }
        List<Path> before = filesUnder(aliceProfile.resolve(StorePersistence.FILES_DIRECTORY));
        OutgoingFile outgoing = alice.files().send(bobJid, big);
        CompletionException refused = assertThrows(CompletionException.class, () -> Await.done(outgoing.result()));
        assertEquals(FileException.Reason.TOO_LARGE, reasonOf(refused));
        assertTrue(aliceDevice.recorded(FileProgress.class).stream().noneMatch(e -> e.transferId().equals(outgoing.transferId())),
                "nothing was encrypted or uploaded");
        assertEquals(before, filesUnder(aliceProfile.resolve(StorePersistence.FILES_DIRECTORY)));
    }

    @Test
    @Order(7)
    void noFileGoesToAChatWherePlaintextWasChosen() throws Exception {
        alice.omemo().orElseThrow().setPlaintext(carolJid, true);
        try {
            OutgoingFile outgoing = alice.files().send(carolJid, write("secret.txt", "top secret".getBytes()));
            CompletionException refused = assertThrows(CompletionException.class, () -> Await.done(outgoing.result()));
            assertEquals(FileException.Reason.NOT_ENCRYPTED, reasonOf(refused));
        } finally {
            alice.omemo().orElseThrow().setPlaintext(carolJid, false);
        }
        assertThrows(IllegalArgumentException.class, () -> alice.files().send(carolJid, temp.resolve("does-not-exist")));
        assertThrows(IllegalArgumentException.class, () -> alice.files().send("not a jid", temp.resolve("secret.txt")));
    }

    @Test
    @Order(8)
    void aRetractedFileAndARemovedAccountLeaveNoCopies() throws Exception {
        SharedFile sent = Await.done(alice.files().send(bobJid, write("to-retract.txt", randomBytes(1000, 8))).result());
        ChatMessage received = receivedFile(bobDevice, sent.downloadUrl());
        Attachment fetched = fileState(bobDevice, received.key(), TransferState.DONE);
        Path copy = bob.files().file(received.key()).thenApply(f -> f.orElseThrow().localName().orElseThrow()).join()
                .transform(name -> findCopy(bobProfile, name));
        assertTrue(Files.exists(copy));

        ChatMessage own = Await.done(alice.chats().history(bobJid, Optional.empty(), 100)).stream()
                .filter(m -> m.key().equals(sent.messageKey())).findFirst().orElseThrow();
        Await.done(alice.chats().retract(own));
        // the copy is deleted and its record forgets it, in some order: wait for both
        Await.until("bob's copy of the retracted file is gone and forgotten", () -> !Files.exists(copy)
                && Await.done(bob.files().file(fetched.messageKey())).orElseThrow().localName().isEmpty());

        Path aliceFiles = aliceProfile.resolve(StorePersistence.FILES_DIRECTORY);
        assertFalse(filesUnder(aliceFiles).isEmpty());
        Await.done(aliceDevice.sotto.accounts().remove(aliceJid));
        assertEquals(new ArrayList<Path>(), filesUnder(aliceFiles), "removing the account deleted its files");
    }

    static Path findCopy(Path profile, String name) {
        try {
            return filesUnder(profile.resolve(StorePersistence.FILES_DIRECTORY)).stream()
                    .filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
