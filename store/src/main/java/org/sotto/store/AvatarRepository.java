package org.sotto.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Avatars by hash: the images ({@code avatar}, once per account and SHA-1) and the hash each JID announced last
 * ({@code avatar_announcement}). An image is kept while some JID of the account announces its hash.
 */
public final class AvatarRepository {
    private final Database db;

    AvatarRepository(Database db) {
        this.db = db;
    }

    /** The hash {@code jid} announced last; {@code ""} if it announced none; empty if nothing is known. */
    public Optional<String> announced(long accountId, String jid) {
        return db.first("SELECT sha1 FROM avatar_announcement WHERE account_id = ? AND jid = ?",
                r -> r.getString(1), accountId, jid);
    }

    /** The hash each JID of the account announced, for the JIDs whose announced image is stored. */
    public Map<String, String> pictures(long accountId) {
        Map<String, String> byJid = new HashMap<>();
        db.list("SELECT a.jid, a.sha1 FROM avatar_announcement a JOIN avatar i "
                        + "ON i.account_id = a.account_id AND i.sha1 = a.sha1 WHERE a.account_id = ?",
                r -> byJid.put(r.getString(1), r.getString(2)), accountId);
        return byJid;
    }

    /** Records what {@code jid} announced ({@code ""} = none) and drops images no JID of the account announces. */
    public void setAnnounced(long accountId, String jid, String sha1) {
        db.transaction(() -> {
            db.update("INSERT INTO avatar_announcement (account_id, jid, sha1) VALUES (?, ?, ?) "
                    + "ON CONFLICT (account_id, jid) DO UPDATE SET sha1 = excluded.sha1", accountId, jid, sha1);
            db.update("DELETE FROM avatar WHERE account_id = ? AND sha1 NOT IN "
                    + "(SELECT sha1 FROM avatar_announcement WHERE account_id = ?)", accountId, accountId);
        });
    }

    /** Keeps the image (once per hash) and makes it what {@code jid} announced, atomically. */
    public void save(long accountId, String jid, StoredAvatar avatar) {
        db.transaction(() -> {
            db.update("INSERT INTO avatar (account_id, sha1, mime_type, source, data) VALUES (?, ?, ?, ?, ?) "
                            + "ON CONFLICT (account_id, sha1) DO NOTHING",
                    accountId, avatar.sha1(), avatar.mimeType(), avatar.source(), avatar.data());
            setAnnounced(accountId, jid, avatar.sha1());
        });
    }

    public Optional<StoredAvatar> find(long accountId, String sha1) {
        return db.first("SELECT sha1, mime_type, source, data FROM avatar WHERE account_id = ? AND sha1 = ?",
                r -> new StoredAvatar(r.getString("sha1"), r.getString("mime_type"),
                        AvatarSource.valueOf(r.getString("source")), r.getBytes("data")), accountId, sha1);
    }

    public boolean contains(long accountId, String sha1) {
        return db.first("SELECT 1 FROM avatar WHERE account_id = ? AND sha1 = ?", r -> true, accountId, sha1)
                .isPresent();
    }

    /** Forgets what {@code jid} announced (it left the roster) and the images nobody announces any more. */
    public void forget(long accountId, String jid) {
        db.transaction(() -> {
            db.update("DELETE FROM avatar_announcement WHERE account_id = ? AND jid = ?", accountId, jid);
            db.update("DELETE FROM avatar WHERE account_id = ? AND sha1 NOT IN "
                    + "(SELECT sha1 FROM avatar_announcement WHERE account_id = ?)", accountId, accountId);
        });
    }
}
