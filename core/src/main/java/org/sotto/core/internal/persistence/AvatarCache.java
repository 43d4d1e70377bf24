package org.sotto.core.internal.persistence;

import java.util.Map;
import java.util.Optional;

import org.sotto.core.api.contacts.Avatar;

/**
 * Avatars by hash, per account: the images (once per SHA-1) and the hash each JID (a contact, or the account itself)
 * announced last. An image is kept while some JID of the account announces it.
 */
public interface AvatarCache {
    /** The hash {@code jid} announced last: {@code ""} = it has none; empty = nothing known about it. */
    Optional<String> announced(String account, String jid);

    /** JID → the hash it announced, for every JID whose announced image is stored; never waits for a write. */
    Map<String, String> pictures(String account);

    /** Whether the image with this hash is stored for the account. */
    boolean contains(String account, String sha1);

    /** The image with this hash, attributed to {@code jid}. */
    Optional<Avatar> find(String account, String jid, String sha1);

    /** Records that {@code jid} announced {@code sha1} ({@code ""} = none), whose image is stored or not needed. */
    void announce(String account, String jid, String sha1);

    /** Stores the image under its hash and makes it the one {@code jid} announces, atomically. */
    void save(String account, Avatar avatar);

    /** Forgets what {@code jid} announced (it left the roster). */
    void forget(String account, String jid);

    void removeAccount(String account);
}
