package org.sotto.app.chat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.scene.image.Image;

import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.event.FileProgress;
import org.sotto.core.api.event.Subscription;
import org.sotto.core.api.file.Attachment;
import org.sotto.core.api.file.FileException;
import org.sotto.core.api.file.FileTransfer;
import org.sotto.core.api.file.TransferProgress;
import org.sotto.core.api.file.TransferState;

/**
 * The files of one open chat: sending (only into an end-to-end encrypted chat, each file checked against the server's
 * limit first), the uploads under way with progress, cancel and retry, downloads with progress and cancel, thumbnails
 * of images decoded in memory, and export (Save as, or Open through a temporary copy the user asked for).
 */
public final class ChatFiles {
    /** The longest side of a thumbnail, in pixels. */
    public static final int THUMBNAIL = 320;
    /** Larger images get a card instead of a thumbnail: the decrypted bytes are held in memory while decoding. */
    public static final long THUMBNAIL_MAX_BYTES = 16L * 1024 * 1024;
    /** Larger pictures (width × height) are not decoded: a small file can unpack into gigabytes of pixels. */
    static final long THUMBNAIL_MAX_PIXELS = 50_000_000L;
    /** The kinds of image JavaFX decodes. */
    private static final Set<String> DECODABLE = Set.of("image/png", "image/jpeg", "image/gif", "image/bmp");

    private static Path openDirectory;
    private static volatile Consumer<Path> opener = path -> { };

    private final SottoProfile profile;
    private final Account account;
    private final String peer;
    private final UiExecutor ui;
    private final BooleanSupplier encrypted;

    private final ObservableList<Upload> uploads = FXCollections.observableArrayList();
    private final StringProperty problem = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");
    private final ObservableMap<String, Image> thumbnails = FXCollections.observableHashMap();
    private final Map<String, ObjectProperty<TransferProgress>> downloads = new HashMap<>();
    private final Set<String> thumbnailsAsked = new HashSet<>();
    /** Messages whose file is here, by key. */
    private final Set<String> here = new HashSet<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private boolean closed;

    /** One file being sent: in this list from the check of the server's limit until it is sent, or failed. */
    public final class Upload {
        private final Path path;
        private final String name;
        private final long size;
        private final ObjectProperty<TransferProgress> progress = new SimpleObjectProperty<>(TransferProgress.waiting());
        private final StringProperty failure = new SimpleStringProperty("");
        private FileTransfer transfer;
        private boolean cancelled;

        private Upload(Path path, long size) {
            this.path = path;
            this.name = path.getFileName().toString();
            this.size = size;
        }

        public String name() {
            return name;
        }

        public long size() {
            return size;
        }

        /** Where it stands; {@code FAILED} with the reason in {@link #failureProperty()}. */
        public ReadOnlyObjectProperty<TransferProgress> progressProperty() {
            return progress;
        }

        /** Why it failed, in words; empty while it is fine. */
        public ReadOnlyStringProperty failureProperty() {
            return failure;
        }

        public boolean failed() {
            return !failure.get().isEmpty();
        }
    }

    /**
     * @param encrypted whether the chat is end-to-end encrypted now (files go only there); read on the UI thread
     */
    ChatFiles(SottoProfile profile, Account account, String peer, UiExecutor ui, BooleanSupplier encrypted) {
        this.profile = Objects.requireNonNull(profile);
        this.account = Objects.requireNonNull(account);
        this.peer = Objects.requireNonNull(peer);
        this.ui = Objects.requireNonNull(ui);
        this.encrypted = Objects.requireNonNull(encrypted);
    }

    /** What Open uses to show an exported copy; the app passes the desktop's (HostServices). Tests leave nothing. */
    public static void installOpener(Consumer<Path> open) {
        opener = Objects.requireNonNull(open);
    }

    /** Follows the progress of downloads core starts by itself (the auto-download limit). */
    void start() {
        subscriptions.add(profile.subscribe(FileProgress.class, Optional.of(account.jid()), ui, steps -> {
            for (FileProgress step : steps) {
                ObjectProperty<TransferProgress> shown = downloads.get(step.transferId()); // download ids: message keys
                // a step that comes after the message said the file is here is late (events are batched per frame)
                if (shown != null && step.phase() == FileProgress.Phase.DOWNLOADING && !closed
                        && !here.contains(step.transferId())) {
                    shown.set(new TransferProgress(TransferProgress.Phase.DOWNLOADING, step.done(), step.total(),
                            Optional.empty()));
                }
            }
        }));
    }

    void close() {
        closed = true;
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
    }

    /**
     * A message of the chat was shown or changed: a finished download's progress goes, and a downloaded image gets
     * its thumbnail.
     */
    void shown(ChatMessage message) {
        Optional<Attachment> file = message.attachment();
        if (file.isEmpty() || closed) {
            return;
        }
        Attachment attachment = file.get();
        ObjectProperty<TransferProgress> progress = downloads.get(message.key());
        TransferProgress now = progress == null ? null : progress.get();
        // the message says where the file stands now; a failure just reported stays (the view shows either) until
        // the next try
        if (now != null && (attachment.downloaded() || attachment.state() == TransferState.FAILED
                && now.phase() != TransferProgress.Phase.FAILED)) {
            progress.set(null);
        }
        if (attachment.downloaded()) {
            here.add(message.key());
            askThumbnail(attachment);
        } else {
            here.remove(message.key());
        }
    }

    // ---------------------------------------------------------------- sending

    /** Whether files can go into this chat now (it is end-to-end encrypted). */
    public boolean offered() {
        return encrypted.getAsBoolean();
    }

    /** Before the file chooser opens: whether files can go here, else the reason in {@link #problemProperty()}. */
    public boolean checkOffered() {
        if (offered()) {
            return true;
        }
        notice.set("");
        problem.set(Strings.get("file.unavailable"));
        return false;
    }

    /**
     * Sends the files, one encrypted message each: refused as a whole in a chat that is not end-to-end encrypted;
     * what is not a readable file, and each file above the server's limit, is named with the reason; the others go.
     * The files are looked at off the UI thread; their rows show once they were. Returns whether the files were
     * taken (the chat is encrypted).
     */
    public boolean send(List<Path> files) {
        if (closed || files.isEmpty() || !checkOffered()) {
            return false;
        }
        notice.set("");
        problem.set("");
        List<Path> chosen = List.copyOf(files);
        CompletableFuture<Optional<Long>> limit = account.files().uploadLimit();
        CompletableFuture.supplyAsync(() -> look(chosen)).whenComplete((looked, error) -> ui.execute(() -> {
            if (closed || looked == null) {
                return;
            }
            List<String> refused = looked.refused();
            List<Upload> started = looked.readable();
            problem.set(String.join(" ", refused));
            uploads.addAll(started);
            limit.whenComplete((most, failure) -> ui.execute(() -> limitKnown(started, refused, most, failure)));
        }));
        return true;
    }

    private record Looked(List<Upload> readable, List<String> refused) {
    }

    /** Which paths are readable files, and their sizes (disk access: never on the UI thread). */
    private Looked look(List<Path> files) {
        List<String> refused = new ArrayList<>();
        List<Upload> readable = new ArrayList<>();
        for (Path path : files) {
            try {
                if (path != null && Files.isRegularFile(path) && Files.isReadable(path)) {
                    readable.add(new Upload(path, Files.size(path)));
                    continue;
                }
            } catch (IOException e) {
                // said below
            }
            refused.add(Strings.get("file.notReadable", path == null ? "" : String.valueOf(path.getFileName())));
        }
        return new Looked(readable, refused);
    }

    private void limitKnown(List<Upload> started, List<String> refused, Optional<Long> limit, Throwable failure) {
        if (closed) {
            return;
        }
        if (failure != null) {
            started.stream().filter(upload -> !upload.cancelled).forEach(upload -> failed(upload, unwrap(failure)));
            return;
        }
        List<Upload> fit = new ArrayList<>();
        List<String> said = new ArrayList<>(refused);
        for (Upload upload : started) {
            if (upload.cancelled) {
                continue;
            }
            if (limit.isPresent() && upload.size > limit.get()) {
                uploads.remove(upload);
                said.add(Strings.get("file.tooLarge", upload.name, size(upload.size), size(limit.get())));
            } else {
                fit.add(upload);
            }
        }
        problem.set(String.join(" ", said));
        if (!fit.isEmpty()) {
            List<Path> paths = fit.stream().map(u -> u.path).toList();
            // core looks at the files again (disk): off the UI thread too
            CompletableFuture.supplyAsync(() -> account.files().send(peer, paths))
                    .whenComplete((transfers, error) -> ui.execute(() -> started(fit, transfers, error)));
        }
    }

    private void started(List<Upload> fit, List<FileTransfer> transfers, Throwable error) {
        if (error != null) { // gone or unreadable since it was looked at
            fit.forEach(upload -> failed(upload, new FileException(FileException.Reason.LOCAL_IO,
                    String.valueOf(unwrap(error).getMessage()))));
            return;
        }
        for (int i = 0; i < fit.size(); i++) {
            Upload upload = fit.get(i);
            FileTransfer transfer = transfers.get(i);
            upload.transfer = transfer;
            if (upload.cancelled) { // cancelled while core was being asked
                transfer.cancel();
            }
            Subscription following = transfer.progress().subscribe(step -> ui.execute(() -> {
                // steps come through core's event thread, the result straight from the transfer: a step may be late
                if (!step.finished() && !transfer.result().isDone()) {
                    upload.progress.set(step);
                }
            }));
            transfer.result().whenComplete((sent, failure) -> ui.execute(() -> {
                following.close();
                if (failure == null) {
                    uploads.remove(upload); // the message shows in the chat now
                } else {
                    failed(upload, unwrap(failure));
                }
            }));
        }
    }

    private void failed(Upload upload, Throwable failure) {
        if (failure instanceof FileException refused && refused.reason() == FileException.Reason.CANCELLED) {
            if (uploads.remove(upload)) { // else said when it was cancelled
                notice.set(Strings.get("file.upload.cancelled", upload.name));
            }
            return;
        }
        Optional<FileException.Reason> reason = failure instanceof FileException f ? Optional.of(f.reason())
                : Optional.empty();
        upload.progress.set(new TransferProgress(TransferProgress.Phase.FAILED, 0, -1, reason));
        upload.failure.set(reason.map(r -> r == FileException.Reason.TOO_LARGE && failure instanceof FileException f
                        && f.limit().isPresent()
                        ? Strings.get("file.tooLarge", upload.name, size(upload.size), size(f.limit().getAsLong()))
                        : Strings.of("file.failure", r))
                .orElse(Strings.get("file.failure.other", String.valueOf(failure.getMessage()))));
    }

    /** Stops an upload: nothing is sent. Returns false when it is too late (the message is being sent). */
    public boolean cancel(Upload upload) {
        if (upload.failed()) {
            uploads.remove(upload);
            return true;
        }
        if (upload.transfer == null) { // not handed to core yet (the server's limit is being asked)
            upload.cancelled = true;
            uploads.remove(upload);
            notice.set(Strings.get("file.upload.cancelled", upload.name));
            return true;
        }
        if (!upload.transfer.cancel()) {
            return false; // too late: it is being sent
        }
        // core sends nothing now; a waiting upload would only say so once a transfer thread takes it up
        upload.cancelled = true;
        uploads.remove(upload);
        notice.set(Strings.get("file.upload.cancelled", upload.name));
        return true;
    }

    /** Sends a failed upload's file again. */
    public void retry(Upload failed) {
        if (uploads.remove(failed)) {
            send(List.of(failed.path));
        }
    }

    // ---------------------------------------------------------------- receiving

    /**
     * The progress of a message's download while it runs ({@code DOWNLOADING}, bytes), a cancel or failure just
     * reported, or null. The view binds to it, so a step does not rebuild the message.
     */
    public ReadOnlyObjectProperty<TransferProgress> download(String messageKey) {
        return downloads.computeIfAbsent(messageKey, key -> new SimpleObjectProperty<>());
    }

    /** Downloads (or retries) the file of a received message. */
    public void startDownload(ChatMessage message) {
        if (message.attachment().isEmpty() || closed) {
            return;
        }
        ObjectProperty<TransferProgress> shown = downloads.computeIfAbsent(message.key(),
                key -> new SimpleObjectProperty<>());
        shown.set(TransferProgress.waiting());
        FileTransfer transfer = account.files().download(message.key());
        Subscription following = transfer.progress().subscribe(step -> ui.execute(() -> {
            if (!step.finished() && !transfer.result().isDone() && !closed) { // a late step (see started)
                shown.set(step);
            }
        }));
        transfer.result().whenComplete((done, failure) -> ui.execute(() -> {
            following.close();
            Throwable why = failure == null ? null : unwrap(failure);
            if (why instanceof FileException f && f.reason() == FileException.Reason.CANCELLED) {
                shown.set(null);
            } else if (why != null) {
                // core stores the failure with the file; the message shows it once updated
                shown.set(new TransferProgress(TransferProgress.Phase.FAILED, 0, -1,
                        why instanceof FileException f ? Optional.of(f.reason()) : Optional.empty()));
            } else {
                shown.set(null);
            }
        }));
    }

    /** Stops a running download; the file stays waiting for a download. */
    public boolean cancelDownload(ChatMessage message) {
        TransferProgress now = download(message.key()).get();
        boolean running = now != null && !now.finished()
                || message.attachment().map(a -> a.state() == TransferState.TRANSFERRING).orElse(false);
        return running && account.files().download(message.key()).cancel(); // joins the running one
    }

    /** A received or sent file's failure in words (the reason core kept with it). */
    public static String failure(Attachment file) {
        return file.failure().map(r -> Strings.of("file.failure", r)).orElse(Strings.get("file.failure.unknown"));
    }

    // ---------------------------------------------------------------- thumbnails

    /** Thumbnails by message key, at most {@link #THUMBNAIL} pixels on the longest side. */
    public ObservableMap<String, Image> thumbnails() {
        return thumbnails;
    }

    /** Whether the file is an image that gets a thumbnail once it is here. */
    public static boolean thumbnailable(Attachment file) {
        return DECODABLE.contains(file.mediaType().toLowerCase(Locale.ROOT))
                && file.size().map(size -> size <= THUMBNAIL_MAX_BYTES).orElse(false);
    }

    /**
     * Decrypts the image into memory (core streams it; no plaintext file is written) and decodes it off the UI
     * thread into a thumbnail; bounded in bytes read and in pixels decoded. One that cannot be decoded keeps its card.
     */
    private void askThumbnail(Attachment file) {
        if (!thumbnailable(file) || !thumbnailsAsked.add(file.messageKey())) {
            return;
        }
        BoundedBuffer buffer = new BoundedBuffer(THUMBNAIL_MAX_BYTES);
        account.files().export(file.messageKey(), buffer)
                .thenApplyAsync(done -> decode(buffer)) // the common pool: neither core's thread nor the UI's
                .whenComplete((image, failure) -> {
                    buffer.wipe();
                    if (image != null && image.isPresent()) {
                        ui.execute(() -> {
                            if (!closed) {
                                thumbnails.put(file.messageKey(), image.get());
                            }
                        });
                    }
                });
    }

    private static Optional<Image> decode(BoundedBuffer buffer) {
        byte[] bytes = buffer.bytes();
        try {
            Optional<long[]> dimensions = dimensions(bytes);
            if (dimensions.isEmpty() || dimensions.get()[0] * dimensions.get()[1] > THUMBNAIL_MAX_PIXELS) {
                return Optional.empty();
            }
            Image image = new Image(new ByteArrayInputStream(bytes), THUMBNAIL, THUMBNAIL, true, true);
            return image.isError() ? Optional.empty() : Optional.of(image);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Width and height from the image's header, without decoding its pixels. */
    static Optional<long[]> dimensions(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.of(new long[] {reader.getWidth(0), reader.getHeight(0)});
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Collects at most {@code limit} bytes in memory; more breaks the export off. */
    private static final class BoundedBuffer extends ByteArrayOutputStream {
        private final long limit;

        BoundedBuffer(long limit) {
            super(64 * 1024);
            this.limit = limit;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (count + (long) len > limit) {
                throw new UncheckedIOException(new IOException("more than " + limit + " bytes"));
            }
            super.write(b, off, len);
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        synchronized byte[] bytes() {
            return toByteArray();
        }

        synchronized void wipe() {
            Arrays.fill(buf, (byte) 0);
            reset();
        }
    }

    // ---------------------------------------------------------------- export

    /** Writes the plaintext where the user chose (Save as…). */
    public void saveAs(ChatMessage message, Path target) {
        notice.set("");
        account.files().export(message.key(), target).whenComplete((saved, failure) -> ui.execute(() -> {
            if (failure != null) {
                problem.set(Strings.get("file.save.failed", target.getFileName(), reason(unwrap(failure))));
            } else {
                problem.set("");
                notice.set(Strings.get("file.saved", saved));
            }
        }));
    }

    /**
     * Open: only on the user's request, the plaintext is written to an owner-only temporary folder (deleted when the
     * app ends) and handed to the desktop.
     */
    public void open(ChatMessage message) {
        Optional<Attachment> file = message.attachment();
        if (file.isEmpty()) {
            return;
        }
        String key = message.key();
        String name = file.get().name();
        CompletableFuture.supplyAsync(() -> { // folders on disk: not on the UI thread
            try {
                return temporaryDirectory().resolve(safeName(key, name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).thenCompose(target -> account.files().export(key, target))
                .whenComplete((opened, failure) -> ui.execute(() -> {
                    if (failure != null) {
                        problem.set(Strings.get("file.open.failed", name, reason(unwrap(failure))));
                    } else {
                        opened.toFile().deleteOnExit();
                        opener.accept(opened);
                    }
                }));
    }

    private static synchronized Path temporaryDirectory() throws IOException {
        if (openDirectory == null) {
            Path dir;
            try {
                dir = Files.createTempDirectory("sotto-open-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                dir = Files.createTempDirectory("sotto-open-");
            }
            dir.toFile().deleteOnExit(); // after the files in it (deleteOnExit runs in reverse order)
            openDirectory = dir;
        }
        return openDirectory;
    }

    /** The file's own name, without what could lead out of the folder, under a folder per message. */
    private static String safeName(String messageKey, String name) throws IOException {
        String clean = name.replaceAll("[/\\\\\\x00-\\x1f]", "_").strip();
        if (clean.isEmpty() || clean.startsWith(".")) {
            clean = "file" + clean;
        }
        Path folder = openDirectory.resolve(Integer.toHexString(messageKey.hashCode()));
        Files.createDirectories(folder);
        folder.toFile().deleteOnExit();
        return openDirectory.relativize(folder.resolve(clean)).toString();
    }

    private static String reason(Throwable failure) {
        return failure instanceof FileException f ? Strings.of("file.failure", f.reason())
                : String.valueOf(failure.getMessage());
    }

    // ---------------------------------------------------------------- state

    /** Uploads under way or failed, in the order they were chosen. */
    public ObservableList<Upload> uploads() {
        return uploads;
    }

    /** Why files were not sent or saved, in words; empty when nothing went wrong. */
    public StringProperty problemProperty() {
        return problem;
    }

    /** What just happened (saved where, cancelled), in words. */
    public StringProperty noticeProperty() {
        return notice;
    }

    /** Bytes in words: "512 bytes", "1.5 KB", "16 MB" (units of 1024). */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return Strings.get("file.size.bytes", bytes);
        }
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < 2) {
            value /= 1024;
            unit++;
        }
        String number = String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
        if (number.endsWith(".0")) {
            number = number.substring(0, number.length() - 2);
        }
        return switch (unit) {
            case 0 -> Strings.get("file.size.kb", number);
            case 1 -> Strings.get("file.size.mb", number);
            default -> Strings.get("file.size.gb", number);
        };
    }

    /** The kind of file in words, from its media type ("PNG image", "PDF document", else the extension). */
    public static String kind(Attachment file) {
        String type = file.mediaType().toLowerCase(Locale.ROOT);
        String name = file.name();
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && dot < name.length() - 1 ? name.substring(dot + 1).toUpperCase(Locale.ROOT) : "";
        if (type.startsWith("image/")) {
            return Strings.get("file.kind.image", extension.isEmpty() ? type.substring(6).toUpperCase(Locale.ROOT)
                    : extension);
        }
        if (type.startsWith("video/")) {
            return Strings.get("file.kind.video", extension);
        }
        if (type.startsWith("audio/")) {
            return Strings.get("file.kind.audio", extension);
        }
        if (type.equals("application/pdf")) {
            return Strings.get("file.kind.pdf");
        }
        if (type.startsWith("text/")) {
            return Strings.get("file.kind.text", extension);
        }
        return extension.isEmpty() ? Strings.get("file.kind.unknown") : Strings.get("file.kind.other", extension);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
