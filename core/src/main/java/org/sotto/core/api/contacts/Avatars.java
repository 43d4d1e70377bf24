package org.sotto.core.api.contacts;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Pictures of one account's contacts and its own (XEP-0084, else the vCard). Images are kept in the profile by their
 * SHA-1, so a picture announced before is answered from the profile, also offline; a change comes as an
 * {@code AvatarChanged} event.
 */
public interface Avatars {
    /**
     * The picture of a contact (or of the account itself), if they have one the user may see: from the profile when
     * the hash they announced last is stored, else fetched (only online; fails with {@code NotConnectedException}).
     */
    CompletableFuture<Optional<Avatar>> avatar(String jid);

    /** Sets the user's own picture (PNG or JPEG, 1 byte to 1 MiB; else {@link IllegalArgumentException} at once). */
    CompletableFuture<Void> setOwn(byte[] image, String mimeType);

    /** Removes the user's own picture. */
    CompletableFuture<Void> removeOwn();
}
