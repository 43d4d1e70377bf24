package org.sotto.core.internal.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import javax.net.ssl.X509TrustManager;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.httpfileupload.HttpFileUploadManager;
import org.jivesoftware.smackx.httpfileupload.UploadService;
import org.jivesoftware.smackx.httpfileupload.element.Slot;

import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.SendException;
import org.sotto.core.api.event.FileProgress;
import org.sotto.core.api.event.FileUpdated;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.api.event.Subscription;
import org.sotto.core.api.file.Attachment;
import org.sotto.core.api.file.FileException.Reason;
import org.sotto.core.api.file.FileException;
import org.sotto.core.api.file.FileTransfer;
import org.sotto.core.api.file.Files;
import org.sotto.core.api.file.TransferProgress;
import org.sotto.core.api.file.TransferState;
import org.sotto.core.internal.chat.pipeline.OutboundMessage;
import org.sotto.core.internal.chat.pipeline.OutboundPipeline;
import org.sotto.core.internal.event.EventBus;
import org.sotto.core.internal.persistence.FileStore;
import org.sotto.crypto.files.FileCipher.FileKey;
import org.sotto.crypto.files.FileCipher.TamperedFileException;
import org.sotto.crypto.files.FileCipher;

/**
 * Encrypted file sharing of one account (XEP-0363 upload, XEP-0454 {@code aesgcm://} in an OMEMO message).
 *
 * <p>Sending encrypts the file with a fresh key and IV into the account's private file directory, uploads that
 * ciphertext, and sends the {@code aesgcm://} URL through the normal outbound pipeline with one extra stage that
 * stops the message unless it was end-to-end encrypted: the key never travels in plaintext. Receiving recognises
 * such a URL in any stored message, records it, and downloads it automatically up to {@link #autoDownloadLimit()};
 * the download is kept exactly as it was on the server (still encrypted, its key only in the encrypted database)
 * after its GCM tag verified. The plaintext appears only through {@link #export}.
 *
 * <p>Nothing blocks the caller: transfers run on two threads of their own, the message on the account worker.
 */
public final class FileService implements AutoCloseable, Files {
    private static final Logger LOG = Logger.getLogger(FileService.class.getName());
    private static final String GUARD_STAGE = "require-encryption";
    private static final long PROGRESS_STEP = 256 * 1024;
    public static final long DEFAULT_AUTO_DOWNLOAD_LIMIT = 10L * 1024 * 1024;
    public static final long DEFAULT_MAX_DOWNLOAD_SIZE = 1024L * 1024 * 1024;

    /** What the service needs of the account, so it stays apart from the session's internals. */
    public interface Account {
        String jid();

        Optional<XMPPTCPConnection> connection();

        /** The account's outbound pipeline as it is now (with OMEMO's encrypt stage when enabled). */
        OutboundPipeline outbound();

        /** True when a 1:1 message to the peer would be OMEMO-encrypted (OMEMO enabled, plaintext not chosen). */
        boolean encrypts(String peer);

        /** The trust for HTTPS: the base trust store plus the account's pinned certificates. */
        X509TrustManager trust();

        Set<String> pinnedCertificates();

        /** True when the chat is a room the account is in (its files go into the room's OMEMO message). */
        boolean isRoom(String chat);

        /** True when the chat was a room (its stored messages are group chat messages): no 1:1 message goes there. */
        boolean wasRoom(String chat);

        /** The stored message with this key, with its file as it is now (a read that never waits). */
        Optional<ChatMessage> message(String key);
    }

    private final Account account;
    private final FileStore store;
    private final EventBus events;
    private final ExecutorService worker;
    private final ExecutorService transfers;
    private final SecureRandom random = new SecureRandom();
    /** Downloads under way, by message key: a second request joins the running one. Guarded by itself. */
    private final Map<String, Transfer> inFlight = new HashMap<>();
    private final Subscription added;
    private final Subscription updated;
    private volatile long autoDownloadLimit = DEFAULT_AUTO_DOWNLOAD_LIMIT;
    private volatile long maxDownloadSize = DEFAULT_MAX_DOWNLOAD_SIZE;
    private HttpTransfer http;
    private volatile boolean tidied;
    /** Partial files of this run start with it, so tidying never touches a transfer under way. */
    private final String runPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";
    private Set<String> httpPins;

    public FileService(Account account, FileStore store, EventBus events, ExecutorService worker) {
        this.account = account;
        this.store = store;
        this.events = events;
        this.worker = worker;
        this.transfers = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "sotto-files-" + account.jid());
            thread.setDaemon(true);
            return thread;
        });
        this.added = events.subscribe(MessageAdded.class, e -> {
            if (e.account().equals(account.jid())) {
                announced(e.message());
            }
        });
        this.updated = events.subscribe(MessageUpdated.class, e -> {
            if (e.account().equals(account.jid()) && e.message().retracted()) {
                transfers.execute(() -> deleteQuietly(e.message().key()));
            }
        });
    }

    /**
     * The account's file directory; the first time in this run, partial files of transfers a previous run did not
     * finish (a crash, a kill) are deleted from it: they are never kept.
     */
    private Path directory() {
        Path dir = store.directory(account.jid());
        if (!tidied) {
            tidied = true;
            try (Stream<Path> files = java.nio.file.Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".part")
                        && !f.getFileName().toString().startsWith(runPrefix)).forEach(FileService::deleteIfExists);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not tidy the file directory", e);
            }
        }
        return dir;
    }

    // ---------------------------------------------------------------- settings

    /** Received files up to this size (plaintext bytes) are downloaded without asking; 0 turns that off. */
    public void setAutoDownloadLimit(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size limit cannot be negative: " + bytes);
        }
        autoDownloadLimit = bytes;
    }

    public long autoDownloadLimit() {
        return autoDownloadLimit;
    }

    /** Larger downloads are refused even when asked for ({@link Reason#TOO_LARGE}). */
    public void setMaxDownloadSize(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("the download limit must be positive: " + bytes);
        }
        maxDownloadSize = bytes;
    }

    // ---------------------------------------------------------------- queries

    /** The file of a message with its key and URL (inside core only), if the message carries one. */
    public CompletableFuture<Optional<SharedFile>> file(String messageKey) {
        Objects.requireNonNull(messageKey, "messageKey");
        return CompletableFuture.supplyAsync(() -> store.find(account.jid(), messageKey), transfers);
    }

    @Override
    public CompletableFuture<Optional<Attachment>> attachment(String messageKey) {
        return file(messageKey).thenApply(found -> found.map(SharedFile::attachment));
    }

    @Override
    public CompletableFuture<Optional<Long>> uploadLimit() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                XMPPTCPConnection connection = account.connection().orElseThrow(() -> new FileException(
                        Reason.NOT_CONNECTED, "not connected: the upload service cannot be asked now"));
                UploadService service = uploadService(HttpFileUploadManager.getInstanceFor(connection));
                long max = service.getMaxFileSize();
                return max > 0 ? Optional.of(Math.max(0, max - FileCipher.TAG_BYTES)) : Optional.<Long>empty();
            } catch (FileException e) {
                throw new CompletionException(e);
            }
        }, transfers);
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends each file in its own encrypted message to a contact or a room the user is in, one after the other on the
     * transfer threads.
     */
    @Override
    public List<FileTransfer> send(String chat, List<Path> paths) {
        String peer = contact(chat);
        List<Path> checked = List.copyOf(paths);
        checked.forEach(FileService::requireReadable);
        List<FileTransfer> started = new ArrayList<>();
        for (Path file : checked) {
            started.add(startUpload(peer, file, null)); // the kind is decided when the upload starts
        }
        return List.copyOf(started);
    }

    private static void requireReadable(Path file) {
        Objects.requireNonNull(file, "file");
        if (!java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isReadable(file)) {
            throw new IllegalArgumentException("not a readable file: " + file);
        }
    }

    /**
     * Encrypts, uploads and shares the file with a contact in an OMEMO-encrypted message. The server's upload limit
     * is checked before anything is uploaded. Refused at once (in the future) when the chat is not encrypted.
     */
    public OutgoingFile send(String peer, Path file) {
        return send(peer, file, ChatKind.CHAT);
    }

    /**
     * The same in a group chat the user is in: the {@code aesgcm://} URL goes into the room's OMEMO message, encrypted
     * for every member's devices (see {@code RoomEncryption}); refused like a text when the room cannot be encrypted.
     */
    public OutgoingFile sendToRoom(String room, Path file) {
        return send(room, file, ChatKind.GROUPCHAT);
    }

    private OutgoingFile send(String peer, Path file, ChatKind chatKind) {
        String contact = contact(peer);
        requireReadable(file);
        Transfer transfer = startUpload(contact, file, chatKind);
        return new OutgoingFile(transfer.id(), transfer.shared);
    }

    /** {@code chatKind} null: a room the user is in gets a group chat message, a room they left nothing. */
    private Transfer startUpload(String contact, Path file, ChatKind chatKind) {
        Transfer transfer = new Transfer(UUID.randomUUID().toString(), file.getFileName().toString());
        transfers.execute(() -> {
            try {
                transfer.succeeded(upload(transfer, contact, chatKind != null ? chatKind : kindOf(contact), file));
            } catch (Throwable e) {
                transfer.failed(e);
            }
        });
        return transfer;
    }

    private SharedFile upload(Transfer transfer, String contact, ChatKind chatKind, Path file) throws FileException {
        String transferId = transfer.id();
        transfer.checkCancelled();
        if (!account.encrypts(contact)) {
            throw new FileException(Reason.NOT_ENCRYPTED, "files are shared only in end-to-end encrypted chats; "
                    + "the chat with " + contact + " is not (OMEMO off or plaintext chosen)");
        }
        XMPPTCPConnection connection = account.connection().orElseThrow(() -> new FileException(
                Reason.NOT_CONNECTED, "not connected: no upload slot can be requested now"));
        long size = localSize(file);
        long encryptedSize = FileCipher.encryptedSize(size);
        HttpFileUploadManager uploads = HttpFileUploadManager.getInstanceFor(connection);
        UploadService service = uploadService(uploads);
        if (!service.acceptsFileOfSize(encryptedSize)) {
            throw new FileException(Reason.TOO_LARGE, "the file has " + size + " bytes; the server accepts at most "
                    + service.getMaxFileSize() + " bytes (encrypted: +" + FileCipher.TAG_BYTES + ")",
                    Math.max(0, service.getMaxFileSize() - FileCipher.TAG_BYTES), null);
        }
        transfer.checkCancelled();
        Path dir = directory();
        String localName = runPrefix + UUID.randomUUID() + ".aesgcm";
        Path part = dir.resolve(localName + ".part");
        FileKey key = FileKey.random(random);
        try {
            encryptTo(file, part, key, new Progress(transfer, FileProgress.Phase.ENCRYPTING, size));
            transfer.checkCancelled();
            Slot slot = requestSlot(uploads, slotName(file), encryptedSize);
            transfer.checkCancelled();
            URI putUrl = uri(slot.getPutUrl());
            AesGcmUrl url;
            try {
                if (!"https".equalsIgnoreCase(putUrl.getScheme())) {
                    throw new IllegalArgumentException("the upload URL is not HTTPS");
                }
                url = new AesGcmUrl(uri(slot.getGetUrl()), key); // XEP-0454: only HTTPS URLs become aesgcm URLs
            } catch (IllegalArgumentException e) {
                throw new FileException(Reason.SLOT_REFUSED, "the upload service gave no HTTPS URLs; "
                        + "nothing was uploaded", e);
            }
            Progress uploading = new Progress(transfer, FileProgress.Phase.UPLOADING, encryptedSize);
            try {
                http().put(putUrl, slot.getHeaders(), part, uploading::report);
            } catch (FileException e) {
                transfer.checkCancelled(); // a cancel inside the upload breaks it off as a network error
                throw e;
            }
            uploading.finish();
            move(part, dir.resolve(localName));
            if (!transfer.commit()) {
                throw cancelled();
            }
            SharedFile prepared = SharedFile.announced(account.jid(), transferId, url).stored(localName, size)
                    .named(SharedFile.nameOf(URI.create("file:///" + URLEncoder.encode(
                            file.getFileName().toString(), StandardCharsets.UTF_8).replace("+", "%20"))));
            ChatMessage message = sendEncrypted(contact, chatKind, prepared);
            SharedFile shared = prepared.forMessage(message.key());
            events.publish(new FileUpdated(account.jid(), shared.attachment()));
            return shared;
        } catch (FileException | RuntimeException e) {
            deleteIfExists(part);
            deleteIfExists(dir.resolve(localName));
            throw e;
        }
    }

    private ChatKind kindOf(String chat) throws FileException {
        if (account.isRoom(chat)) {
            return ChatKind.GROUPCHAT;
        }
        if (account.wasRoom(chat)) {
            throw new FileException(Reason.NOT_IN_ROOM, "not in the room: nothing was uploaded");
        }
        return ChatKind.CHAT;
    }

    private static FileException cancelled() {
        return new FileException(Reason.CANCELLED, "the transfer was cancelled");
    }

    private static long localSize(Path file) throws FileException {
        try {
            return java.nio.file.Files.size(file);
        } catch (IOException e) {
            throw new FileException(Reason.LOCAL_IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static UploadService uploadService(HttpFileUploadManager uploads) throws FileException {
        try {
            if (!uploads.isUploadServiceDiscovered() && !uploads.discoverUploadService()) {
                throw new FileException(Reason.NO_UPLOAD_SERVICE, "the server offers no HTTP file upload");
            }
            return uploads.getDefaultUploadService();
        } catch (XMPPException.XMPPErrorException e) {
            throw new FileException(Reason.NO_UPLOAD_SERVICE, "looking for the upload service failed: "
                    + e.getStanzaError().getCondition(), e);
        } catch (SmackException e) {
            throw new FileException(Reason.NOT_CONNECTED, "no answer from the server: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FileException(Reason.NOT_CONNECTED, "interrupted", e);
        }
    }

    private static Slot requestSlot(HttpFileUploadManager uploads, String name, long size) throws FileException {
        try {
            return uploads.requestSlot(name, size, "application/octet-stream");
        } catch (XMPPException.XMPPErrorException e) {
            StanzaError error = e.getStanzaError();
            boolean tooLarge = error.getCondition() == StanzaError.Condition.not_acceptable
                    && error.toXML().toString().contains("file-too-large");
            throw new FileException(tooLarge ? Reason.TOO_LARGE : Reason.SLOT_REFUSED,
                    "the server refused the upload slot: " + error.getCondition(), e);
        } catch (SmackException e) {
            throw new FileException(Reason.NOT_CONNECTED, "no upload slot: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FileException(Reason.NOT_CONNECTED, "interrupted", e);
        }
    }

    /** A random name with the original extension: the server learns the kind of file, not its name. */
    static String slotName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 8 ? name.substring(dot).replaceAll("[^.A-Za-z0-9]", "") : "";
        return UUID.randomUUID() + extension;
    }

    /** Through the account's pipeline, with a stage that stops the message unless OMEMO encrypted it. */
    private ChatMessage sendEncrypted(String contact, ChatKind chatKind, SharedFile file) throws FileException {
        OutboundMessage message = OutboundMessage.file(contact, chatKind, file);
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    OutboundPipeline pipeline = account.outbound().insertingBefore("store", GUARD_STAGE, m -> {
                        if (m.encryption() == Encryption.PLAINTEXT || m.encryption() == Encryption.UNDECRYPTABLE) {
                            throw new FileException(Reason.NOT_ENCRYPTED, "the message with the file's key "
                                    + "would not be end-to-end encrypted; it was not sent");
                        }
                        return true;
                    });
                    if (!pipeline.run(message)) {
                        throw new IllegalStateException("the file message was stopped before sending");
                    }
                    return message.entry().orElseThrow();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, worker).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof FileException transfer) {
                throw transfer;
            }
            if (e.getCause() instanceof SendException blocked) {
                throw new FileException(blocked.reason() == SendException.Reason.NOT_CONNECTED
                        ? Reason.NOT_CONNECTED : Reason.ENCRYPTION_BLOCKED, "the file's message was not sent: "
                        + blocked.reason(), blocked);
            }
            throw e;
        }
    }

    private static void encryptTo(Path file, Path target, FileKey key, Progress progress) throws FileException {
        try (InputStream in = java.nio.file.Files.newInputStream(file); OutputStream out = PrivateFiles.create(target)) {
            FileCipher.encrypt(key, in, out, progress::report);
        } catch (IOException e) {
            throw new FileException(Reason.LOCAL_IO, "cannot encrypt " + file + ": " + e.getMessage(), e);
        }
        progress.finish();
    }

    // ---------------------------------------------------------------- receiving

    /** Called for every message added to the log (event thread): a shared file is recorded and maybe fetched. */
    private void announced(ChatMessage message) {
        // the inbound pipeline recorded the file with the message (PENDING); own uploads are DONE already
        if (message.attachment().isEmpty() || message.attachment().get().state() != TransferState.PENDING) {
            return;
        }
        events.publish(new FileUpdated(account.jid(), message.attachment().get()));
        if (autoDownloadLimit > 0) {
            startFetch(message.key(), true);
        }
    }

    /**
     * Downloads (or retries) the file of a message, up to the maximum download size. Completes with the file in
     * state DONE, or exceptionally with a {@link FileException}; the file then shows as FAILED with that
     * reason and the message is untouched.
     */
    @Override
    public FileTransfer download(String messageKey) {
        Objects.requireNonNull(messageKey, "messageKey");
        return startFetch(messageKey, false);
    }

    /**
     * Starts a download unless one runs: an automatic request joins it; a user's request waits for it and, if it
     * stopped short (automatic, too large), starts its own.
     */
    private Transfer startFetch(String messageKey, boolean automatic) {
        synchronized (inFlight) {
            Transfer running = inFlight.get(messageKey);
            if (running != null) {
                if (automatic || !running.automatic) {
                    return running;
                }
                // the user asks while an automatic download runs: wait for it, and if it stopped short (over the
                // automatic limit) start the user's own
                Transfer follow = new Transfer(messageKey, running.name(), false);
                running.shared.handle((file, error) -> file).thenAccept(file -> {
                    if (file != null && file.state() == TransferState.DONE) {
                        follow.succeeded(file);
                    } else {
                        Transfer own = startFetch(messageKey, false);
                        own.progress().subscribe(follow.progress::set);
                        own.shared.whenComplete((done, error) -> {
                            if (error == null) {
                                follow.succeeded(done);
                            } else {
                                follow.failed(error);
                            }
                        });
                    }
                });
                return follow;
            }
            Transfer transfer = new Transfer(messageKey, "", automatic);
            inFlight.put(messageKey, transfer);
            transfers.execute(() -> {
                try {
                    SharedFile file = store.find(account.jid(), messageKey).orElseThrow(() ->
                            new FileException(Reason.NO_FILE, "the message carries no shared file"));
                    transfer.name = file.fileName();
                    SharedFile result = file.state() == TransferState.DONE ? file
                            : fetch(transfer, file, automatic ? autoDownloadLimit : maxDownloadSize, automatic);
                    finished(messageKey, transfer);
                    transfer.succeeded(result);
                } catch (Throwable e) {
                    finished(messageKey, transfer);
                    transfer.failed(e);
                }
            });
            return transfer;
        }
    }

    private void finished(String messageKey, Transfer transfer) {
        synchronized (inFlight) {
            inFlight.remove(messageKey, transfer);
        }
    }

    private SharedFile fetch(Transfer transfer, SharedFile file, long limit, boolean automatic) throws FileException {
        Path dir = directory();
        String localName = runPrefix + UUID.randomUUID() + ".aesgcm";
        Path part = dir.resolve(localName + ".part");
        SharedFile current = update(file.with(TransferState.TRANSFERRING, Optional.empty()));
        try {
            HttpTransfer.Download download = http().get(file.downloadUrl());
            try (InputStream body = download.body()) {
                long plaintextLength = download.length().orElse(-1) - FileCipher.TAG_BYTES;
                if (download.length().isPresent() && plaintextLength < 0) {
                    throw new FileException(Reason.TAG_MISMATCH, "the file is shorter than its tag");
                }
                if (download.length().isPresent() && plaintextLength > limit) {
                    if (automatic) { // not an error: left for the user to fetch
                        current = update(current.withSize(plaintextLength).with(TransferState.PENDING, Optional.empty()));
                        return current;
                    }
                    throw new FileException(Reason.TOO_LARGE, "the file has " + plaintextLength
                            + " bytes, more than the limit of " + limit);
                }
                long total = download.length().orElse(-1);
                Progress progress = new Progress(transfer, FileProgress.Phase.DOWNLOADING, total);
                long received = receive(body, part, file.key(), limit, progress);
                progress.finish();
                transfer.checkCancelled();
                move(part, dir.resolve(localName));
                current = update(current.stored(localName, received - FileCipher.TAG_BYTES));
                return current;
            } catch (IOException e) {
                throw new FileException(Reason.NETWORK, "the download broke off: " + e.getMessage(), e);
            }
        } catch (FileException | CancelledTransfer e) {
            deleteIfExists(part);
            if (transfer.cancelled || e instanceof CancelledTransfer) { // the user stopped it: not a failure
                update(current.with(TransferState.PENDING, Optional.empty()));
                throw cancelled();
            }
            FileException failure = (FileException) e;
            if (automatic && failure.reason() == Reason.TOO_LARGE) { // a server that did not announce the size
                return update(current.with(TransferState.PENDING, Optional.empty()));
            }
            update(current.with(TransferState.FAILED, Optional.of(failure.reason())));
            throw failure;
        } catch (RuntimeException e) {
            deleteIfExists(part);
            update(current.with(TransferState.FAILED, Optional.of(Reason.LOCAL_IO)));
            throw e;
        }
    }

    /**
     * Writes the ciphertext to {@code part} and runs it through the GCM decryption on the way (plaintext discarded),
     * so the tag is verified in the same pass. Returns the number of ciphertext bytes.
     */
    private static long receive(InputStream body, Path part, FileKey key, long limit, Progress progress)
            throws FileException, IOException {
        long maxCiphertext = limit + FileCipher.TAG_BYTES;
        long[] count = {0};
        try (OutputStream file = PrivateFiles.create(part)) {
            InputStream tee = new FilterInputStream(body) {
                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        count[0] += n;
                        if (count[0] > maxCiphertext) {
                            throw new LimitExceeded();
                        }
                        file.write(buffer, offset, n);
                        progress.report(count[0]);
                    }
                    return n;
                }
            };
            FileCipher.decrypt(key, tee, OutputStream.nullOutputStream(), done -> { });
            if (count[0] < FileCipher.TAG_BYTES) {
                throw new FileException(Reason.TAG_MISMATCH, "the file is shorter than its tag");
            }
            return count[0];
        } catch (LimitExceeded e) {
            throw new FileException(Reason.TOO_LARGE, "the file is larger than the limit of " + limit + " bytes");
        } catch (TamperedFileException e) {
            throw new FileException(Reason.TAG_MISMATCH, "the downloaded file does not match its key: it was "
                    + "altered or truncated; nothing of it was kept", e);
        }
    }

    /** Raised inside the stream when a server sends more than it announced or than allowed. */
    private static final class LimitExceeded extends IOException {
        private static final long serialVersionUID = 1L;
    }

    // ---------------------------------------------------------------- opening

    /**
     * Decrypts the local copy into {@code target} (chosen by the user; replaced if it exists). The plaintext is
     * written to a temporary file beside it (owner-only) and moved into place only after the tag verified.
     */
    public CompletableFuture<Path> export(String messageKey, Path target) {
        Objects.requireNonNull(messageKey, "messageKey");
        Objects.requireNonNull(target, "target");
        if (java.nio.file.Files.isDirectory(target)) {
            throw new IllegalArgumentException("the export target is a directory: " + target);
        }
        return CompletableFuture.supplyAsync(() -> {
            Path absolute = target.toAbsolutePath();
            Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".part");
            try {
                try (OutputStream out = PrivateFiles.create(temp)) {
                    decryptLocal(messageKey, out);
                }
                move(temp, absolute);
                return absolute;
            } catch (IOException e) {
                deleteIfExists(temp);
                throw new CompletionException(new FileException(Reason.LOCAL_IO, "cannot write " + target
                        + ": " + e.getMessage(), e));
            } catch (FileException e) {
                deleteIfExists(temp);
                throw new CompletionException(e);
            }
        }, transfers);
    }

    /**
     * Streams the plaintext into {@code out} (not closed). The tag is checked at the end: if the future fails with
     * {@link Reason#TAG_MISMATCH}, what was written must be thrown away.
     */
    @Override
    public CompletableFuture<Void> export(String messageKey, OutputStream out) {
        Objects.requireNonNull(messageKey, "messageKey");
        Objects.requireNonNull(out, "out");
        return CompletableFuture.runAsync(() -> {
            try {
                decryptLocal(messageKey, out);
            } catch (FileException e) {
                throw new CompletionException(e);
            }
        }, transfers);
    }

    private void decryptLocal(String messageKey, OutputStream out) throws FileException {
        SharedFile file = store.find(account.jid(), messageKey).orElseThrow(() -> new FileException(Reason.NO_FILE,
                "the message carries no shared file"));
        if (file.state() != TransferState.DONE || file.localName().isEmpty()) {
            throw new FileException(Reason.NOT_DOWNLOADED, "the file is not downloaded (" + file.state() + ")");
        }
        Path local = store.directory(account.jid()).resolve(file.localName().get());
        try (InputStream in = java.nio.file.Files.newInputStream(local)) {
            FileCipher.decrypt(file.key(), in, out, done -> { });
        } catch (TamperedFileException e) {
            throw new FileException(Reason.TAG_MISMATCH, "the local copy no longer matches its key", e);
        } catch (IOException e) {
            throw new FileException(Reason.LOCAL_IO, "cannot read the local copy: " + e.getMessage(), e);
        }
    }

    /** Deletes the local copy of a message's file (it can be downloaded again while the server keeps it). */
    public CompletableFuture<Void> deleteLocalCopy(String messageKey) {
        Objects.requireNonNull(messageKey, "messageKey");
        return CompletableFuture.runAsync(() -> deleteQuietly(messageKey), transfers);
    }

    private void deleteQuietly(String messageKey) {
        store.find(account.jid(), messageKey).ifPresent(file -> {
            file.localName().ifPresent(name -> deleteIfExists(store.directory(account.jid()).resolve(name)));
            update(file.withoutLocalCopy());
        });
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Stores the file's new state and tells listeners: {@code FileUpdated}, and {@code MessageUpdated} with the message
     * carrying the file's new state (so a followed timeline shows it).
     */
    private SharedFile update(SharedFile file) {
        store.save(file);
        events.publish(new FileUpdated(account.jid(), file.attachment()));
        account.message(file.messageKey()).ifPresent(message -> events.publish(new MessageUpdated(account.jid(),
                message.withAttachment(Optional.of(file.attachment())))));
        return file;
    }

    private synchronized HttpTransfer http() {
        Set<String> pins = account.pinnedCertificates();
        if (http == null || !pins.equals(httpPins)) {
            http = new HttpTransfer(account.trust());
            httpPins = Set.copyOf(pins);
        }
        return http;
    }

    private static URI uri(URL url) throws FileException {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new FileException(Reason.SLOT_REFUSED, "the upload slot has a malformed URL", e);
        }
    }

    private static void move(Path from, Path to) throws FileException {
        try {
            try {
                java.nio.file.Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                java.nio.file.Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new FileException(Reason.LOCAL_IO, "cannot move the file into place: " + e.getMessage(), e);
        }
    }

    private static void deleteIfExists(Path path) {
        try {
            java.nio.file.Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete a partial file", e);
        }
    }

    private static String contact(String peer) {
        try {
            return JidCreate.entityBareFrom(Objects.requireNonNull(peer, "peer")).toString();
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("not a valid contact address (user@server): " + peer, e);
        }
    }

    /** Progress events in steps of 256 KiB, and a last one at the end. */
    private final class Progress {
        private final Transfer transfer;
        private final String transferId;
        private final FileProgress.Phase phase;
        private final long total;
        private long reported = -1;
        private long done;

        Progress(Transfer transfer, FileProgress.Phase phase, long total) {
            this.transfer = transfer;
            this.transferId = transfer.id();
            this.phase = phase;
            this.total = total;
        }

        /** Also where a cancel takes effect: the stream being read or written breaks off. */
        void report(long bytes) {
            if (transfer.cancelled) {
                throw new CancelledTransfer();
            }
            done = bytes;
            if (reported < 0 || bytes - reported >= PROGRESS_STEP) {
                reported = bytes;
                publish(bytes, total);
            }
        }

        void finish() {
            if (reported != done || reported < 0) {
                reported = done;
                publish(done, total < 0 ? done : total);
            }
        }

        private void publish(long bytes, long of) {
            events.publish(new FileProgress(account.jid(), transferId, phase, bytes, of));
            transfer.progress.set(new TransferProgress(TransferProgress.Phase.valueOf(phase.name()), bytes, of,
                    Optional.empty()));
        }
    }

    /** Thrown out of a stream's progress callback when the user cancelled the transfer. */
    private static final class CancelledTransfer extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CancelledTransfer() {
            super("cancelled", null, false, false);
        }
    }

    /** One upload or download: its progress, its result, and the user's cancel. */
    private final class Transfer implements FileTransfer {
        private final String id;
        /** Empty for a download until its record is read. */
        volatile String name;
        private final boolean automatic;
        final ObservableValue<TransferProgress> progress = new ObservableValue<>(TransferProgress.waiting(), events::execute);
        final CompletableFuture<SharedFile> shared = new CompletableFuture<>();
        private final CompletableFuture<Attachment> result = shared.thenApply(SharedFile::attachment);
        volatile boolean cancelled;
        /** An upload whose message is being stored and sent: too late to cancel. Guarded by this. */
        private boolean committed;

        Transfer(String id, String name) {
            this(id, name, false);
        }

        Transfer(String id, String name, boolean automatic) {
            this.id = id;
            this.name = name;
            this.automatic = automatic;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public ObservableValue<TransferProgress> progress() {
            return progress;
        }

        @Override
        public CompletableFuture<Attachment> result() {
            return result;
        }

        @Override
        public synchronized boolean cancel() {
            if (committed || shared.isDone()) {
                return false;
            }
            cancelled = true;
            return true;
        }

        /** The point of no return of an upload: false when the user cancelled before it. */
        synchronized boolean commit() {
            if (cancelled) {
                return false;
            }
            committed = true;
            return true;
        }

        void checkCancelled() throws FileException {
            if (cancelled) {
                throw cancelled();
            }
        }

        void succeeded(SharedFile file) {
            progress.set(new TransferProgress(TransferProgress.Phase.DONE, file.size().orElse(0L),
                    file.size().orElse(0L), Optional.empty()));
            shared.complete(file);
        }

        void failed(Throwable error) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof CancelledTransfer) {
                cause = cancelled();
            }
            Optional<Reason> reason = cause instanceof FileException f ? Optional.of(f.reason()) : Optional.empty();
            progress.set(new TransferProgress(reason.filter(r -> r == Reason.CANCELLED).isPresent()
                    ? TransferProgress.Phase.CANCELLED : TransferProgress.Phase.FAILED, 0, -1, reason));
            shared.completeExceptionally(cause);
        }
    }

    @Override
    public void close() {
        added.close();
        updated.close();
        transfers.shutdownNow();
    }
}
