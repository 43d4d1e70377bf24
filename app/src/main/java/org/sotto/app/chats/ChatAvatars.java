package org.sotto.app.chats;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.image.Image;

import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.contacts.Avatar;
import org.sotto.core.api.event.AvatarChanged;
import org.sotto.core.api.event.Subscription;

/**
 * The pictures of the chat list's contacts, by account and JID: asked of core's {@code Avatars} once per chat (from
 * the profile's cache, or fetched while online), decoded off the JavaFX thread, and again when an
 * {@code AvatarChanged} says so. A chat without a picture keeps a null image; the cell draws its initial then.
 */
public final class ChatAvatars {
    /** The size the list draws them at, twice over for sharp pictures on a high-density screen. */
    private static final double DECODED_SIZE = 72;

    private final UiExecutor ui;
    private final Map<String, ObjectProperty<Image>> images = new HashMap<>();
    private final Subscription changes;

    ChatAvatars(SottoProfile profile, UiExecutor ui) {
        this.ui = Objects.requireNonNull(ui);
        changes = profile.subscribe(AvatarChanged.class, Optional.empty(), ui, changed -> {
            for (AvatarChanged change : changed) {
                ObjectProperty<Image> image = images.get(key(change.account(), change.jid()));
                if (image != null) {
                    image.set(change.avatar().map(ChatAvatars::decode).orElse(null));
                }
            }
        });
    }

    /** The chat's picture, null while there is none (call on the JavaFX thread); the first call asks core. */
    public ReadOnlyObjectProperty<Image> image(Account account, String jid) {
        String key = key(account.jid(), jid);
        ObjectProperty<Image> image = images.get(key);
        if (image == null) {
            image = new SimpleObjectProperty<>();
            images.put(key, image);
            ObjectProperty<Image> target = image;
            CompletableFuture<Optional<Avatar>> asked;
            try {
                asked = account.avatars().avatar(jid);
            } catch (RuntimeException e) {
                return image; // an account kept for its history only, say: the initial stays
            }
            asked.whenComplete((avatar, failure) -> {
                // offline and not in the cache: no picture for now; an AvatarChanged brings it later
                Image decoded = avatar == null ? null : avatar.map(ChatAvatars::decode).orElse(null);
                if (decoded != null) {
                    ui.execute(() -> target.set(decoded));
                }
            });
        }
        return image;
    }

    /** What stands for a chat without a picture: the first letter (a whole code point, upper case) of its name. */
    static String initial(String title) {
        String name = title.strip();
        return name.isEmpty() ? "?" : new String(Character.toChars(Character.toUpperCase(name.codePointAt(0))));
    }

    private static Image decode(Avatar avatar) {
        Image image = new Image(new ByteArrayInputStream(avatar.data()), DECODED_SIZE, DECODED_SIZE, true, true);
        return image.isError() ? null : image;
    }

    private static String key(String account, String jid) {
        return account + ' ' + jid;
    }

    void close() {
        changes.close();
    }
}
