package org.sotto.core.internal.persistence.store;

import java.util.Map;
import java.util.Optional;

import org.sotto.core.api.contacts.Avatar;
import org.sotto.core.internal.persistence.AvatarCache;
import org.sotto.store.AvatarSource;
import org.sotto.store.Database;
import org.sotto.store.StoredAvatar;

/** Avatars on the store's avatar and avatar_announcement tables. */
final class StoreAvatarCache implements AvatarCache {
    private final Database db;
    private final StoreAccounts accounts;

    StoreAvatarCache(Database db, StoreAccounts accounts) {
        this.db = db;
        this.accounts = accounts;
    }

    @Override
    public Optional<String> announced(String account, String jid) {
        return accounts.id(account).flatMap(id -> db.avatars().announced(id, jid));
    }

    /** On the profile's reading connection. */
    @Override
    public Map<String, String> pictures(String account) {
        return accounts.id(account).map(id -> db.reader().avatars().pictures(id)).orElse(Map.of());
    }

    @Override
    public boolean contains(String account, String sha1) {
        return accounts.id(account).map(id -> db.avatars().contains(id, sha1)).orElse(false);
    }

    @Override
    public Optional<Avatar> find(String account, String jid, String sha1) {
        return accounts.id(account).flatMap(id -> db.avatars().find(id, sha1))
                .map(a -> new Avatar(jid, a.data(), a.mimeType(), a.sha1(), Avatar.Source.valueOf(a.source().name())));
    }

    @Override
    public void announce(String account, String jid, String sha1) {
        db.avatars().setAnnounced(accounts.requireId(account), jid, sha1);
    }

    @Override
    public void save(String account, Avatar avatar) {
        db.avatars().save(accounts.requireId(account), avatar.jid(), new StoredAvatar(avatar.sha1(), avatar.mimeType(),
                AvatarSource.valueOf(avatar.source().name()), avatar.data()));
    }

    @Override
    public void forget(String account, String jid) {
        accounts.id(account).ifPresent(id -> db.avatars().forget(id, jid));
    }

    /** Removing the account row cascades to its avatars. */
    @Override
    public void removeAccount(String account) {
    }
}
