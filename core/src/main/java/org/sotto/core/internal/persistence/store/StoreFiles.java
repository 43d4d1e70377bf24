package org.sotto.core.internal.persistence.store;

import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.sotto.core.api.file.FileException;
import org.sotto.core.api.file.TransferState;
import org.sotto.core.internal.files.PrivateFiles;
import org.sotto.core.internal.files.SharedFile;
import org.sotto.core.internal.persistence.FileStore;
import org.sotto.crypto.files.FileCipher.FileKey;
import org.sotto.crypto.files.FileCipher;
import org.sotto.store.Attachment;
import org.sotto.store.AttachmentState;
import org.sotto.store.Database;
import org.sotto.store.Message;

/**
 * Shared files in the store's {@code attachment} table: the HTTPS URL in {@code url}, IV and key (12 + 32 bytes)
 * in {@code file_key}, the local copy's file name in {@code local_path}; the copies themselves in
 * {@code <profile>/files/<hash of the account>/}.
 */
final class StoreFiles implements FileStore {
    private final Database db;
    private final Path root;

    /** @param root where the copies go; null when the ports were opened without a profile directory */
    StoreFiles(Database db, Path root) {
        this.db = db;
        this.root = root;
    }

    @Override
    public Path directory(String account) {
        if (root == null) {
            throw new IllegalStateException("shared files need a directory: open the ports with owning(profile) "
                    + "or over(db, filesDirectory)");
        }
        return PrivateFiles.accountDirectory(root, account);
    }

    @Override
    public void save(SharedFile file) {
        db.transaction(() -> {
            Message message = db.messages().findByKey(file.messageKey()).orElseThrow(() -> new IllegalStateException(
                    "a shared file needs its message stored first: " + file.messageKey()));
            Optional<Attachment> existing = db.attachments().forMessage(message.id()).stream().findFirst();
            Attachment row = toRow(existing.map(Attachment::id).orElse(0L), message.id(), file);
            if (existing.isPresent()) {
                db.attachments().update(row);
            } else {
                db.attachments().add(row);
            }
        });
    }

    @Override
    public Optional<SharedFile> find(String account, String messageKey) {
        return db.transaction(() -> db.messages().findByKey(messageKey)
                .flatMap(m -> db.attachments().forMessage(m.id()).stream().findFirst())
                .map(a -> fromRow(account, messageKey, a)));
    }

    /** The rows go with the account row (cascade); the copies are deleted here. */
    @Override
    public void removeAccount(String account) {
        if (root != null) {
            PrivateFiles.deleteTree(directory(account));
        }
    }

    private static Attachment toRow(long id, long messageId, SharedFile f) {
        byte[] ivAndKey = new byte[FileCipher.IV_BYTES + FileCipher.KEY_BYTES];
        System.arraycopy(f.key().iv(), 0, ivAndKey, 0, FileCipher.IV_BYTES);
        System.arraycopy(f.key().key(), 0, ivAndKey, FileCipher.IV_BYTES, FileCipher.KEY_BYTES);
        return new Attachment(id, messageId, f.downloadUrl().toString(), f.fileName(),
                URLConnection.guessContentTypeFromName(f.fileName()), f.size().orElse(null), null, ivAndKey,
                f.localName().orElse(null), AttachmentState.valueOf(f.state().name()),
                f.failure().map(Enum::name).orElse(null));
    }

    private static SharedFile fromRow(String account, String messageKey, Attachment a) {
        byte[] ivAndKey = a.fileKey();
        FileKey key = new FileKey(Arrays.copyOfRange(ivAndKey, 0, FileCipher.IV_BYTES),
                Arrays.copyOfRange(ivAndKey, FileCipher.IV_BYTES, ivAndKey.length));
        return new SharedFile(account, messageKey, URI.create(a.url()), key, a.fileName(), Optional.ofNullable(a.size()),
                TransferState.valueOf(a.state().name()),
                Optional.ofNullable(a.failure()).map(FileException.Reason::valueOf),
                Optional.ofNullable(a.localPath()));
    }
}
