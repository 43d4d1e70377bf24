package org.sotto.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Attachment metadata, including the key of an encrypted upload. */
public final class AttachmentRepository {
    private static final String COLUMNS =
            "id, message_id, url, file_name, media_type, size, sha256, file_key, local_path, state, failure";
    private final Database db;

    AttachmentRepository(Database db) {
        this.db = db;
    }

    /** Stores a new attachment (its {@code id} is ignored) and returns it with the assigned id. */
    public Attachment add(Attachment a) {
        long id = db.insert("INSERT INTO attachment (message_id, url, file_name, media_type, size, sha256, file_key, "
                        + "local_path, state, failure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", a.messageId(), a.url(),
                a.fileName(), a.mediaType(), a.size(), a.sha256(), a.fileKey(), a.localPath(), a.state(), a.failure());
        return get(id).orElseThrow();
    }

    /** Replaces every column but {@code id} and {@code message_id} of the attachment with this id. */
    public void update(Attachment a) {
        db.update("UPDATE attachment SET url = ?, file_name = ?, media_type = ?, size = ?, sha256 = ?, file_key = ?, "
                        + "local_path = ?, state = ?, failure = ? WHERE id = ?", a.url(), a.fileName(), a.mediaType(),
                a.size(), a.sha256(), a.fileKey(), a.localPath(), a.state(), a.failure(), a.id());
    }

    public Optional<Attachment> get(long id) {
        return db.first("SELECT " + COLUMNS + " FROM attachment WHERE id = ?", AttachmentRepository::map, id);
    }

    public List<Attachment> forMessage(long messageId) {
        return db.list("SELECT " + COLUMNS + " FROM attachment WHERE message_id = ? ORDER BY id",
                AttachmentRepository::map, messageId);
    }

    /**
     * The first attachment of each of these messages, in one query (a page of history reads its files with it, not
     * one lookup per message).
     */
    public Map<Long, Attachment> firstForMessages(List<Long> messageIds) {
        Map<Long, Attachment> found = new HashMap<>();
        for (int from = 0; from < messageIds.size(); from += 500) { // below SQLite's bound-parameter limit
            List<Long> chunk = messageIds.subList(from, Math.min(messageIds.size(), from + 500));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            db.list("SELECT " + COLUMNS + " FROM attachment WHERE message_id IN (" + marks + ") ORDER BY id",
                    AttachmentRepository::map, chunk.toArray()).forEach(a -> found.putIfAbsent(a.messageId(), a));
        }
        return found;
    }

    public void setState(long id, AttachmentState state) {
        db.update("UPDATE attachment SET state = ? WHERE id = ?", state, id);
    }

    /** Records where the (decrypted) file was saved, and that the transfer is done. */
    public void setDownloaded(long id, String localPath) {
        db.update("UPDATE attachment SET local_path = ?, state = 'DONE', failure = NULL WHERE id = ?", localPath, id);
    }

    public void delete(long id) {
        db.update("DELETE FROM attachment WHERE id = ?", id);
    }

    private static Attachment map(ResultSet row) throws SQLException {
        long size = row.getLong("size");
        Long nullableSize = row.wasNull() ? null : size;
        return new Attachment(row.getLong("id"), row.getLong("message_id"), row.getString("url"),
                row.getString("file_name"), row.getString("media_type"), nullableSize, row.getBytes("sha256"),
                row.getBytes("file_key"), row.getString("local_path"), AttachmentState.valueOf(row.getString("state")),
                row.getString("failure"));
    }
}
