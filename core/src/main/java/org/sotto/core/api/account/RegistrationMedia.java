package org.sotto.core.api.account;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One way to show a registration field's media (XEP-0221), typically a CAPTCHA image (XEP-0158). For a
 * {@code cid:} URI whose XEP-0231 bits-of-binary data came in the same stanza, {@code data} holds the bytes (a GUI
 * shows them directly); otherwise only the URI is known (e.g. {@code https:}, which a GUI may fetch, or a
 * {@code cid:} the server did not include).
 *
 * @param mimeType the type the form announces for this URI, e.g. {@code image/png}
 * @param width    the display width the form suggests, in pixels, if any
 * @param height   the display height the form suggests, in pixels, if any
 */
public record RegistrationMedia(String mimeType, URI uri, Optional<byte[]> data, OptionalInt width, OptionalInt height) {
    public RegistrationMedia {
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(uri, "uri");
        data = data.map(byte[]::clone);
        Objects.requireNonNull(width, "width");
        Objects.requireNonNull(height, "height");
    }

    @Override
    public Optional<byte[]> data() {
        return data.map(byte[]::clone);
    }

    /** Whether the bytes are here (from bits-of-binary), so nothing needs to be fetched. */
    public boolean inline() {
        return data.isPresent();
    }
}
