package org.sotto.core.api.account;

import java.util.List;
import java.util.Optional;

/**
 * One field the server asks for when registering (XEP-0077, with or without a XEP-0004 data form).
 *
 * @param name  the field's name ({@code var}); empty for a fixed field without one
 * @param type  the data form field type ("text-single", "text-private", "fixed", …); "text-single" for legacy fields
 * @param media what to show with the field (XEP-0221), e.g. the image of a CAPTCHA (XEP-0158) the answer refers to
 */
public record RegistrationField(String name, Optional<String> label, String type, boolean required, List<String> values,
                                List<RegistrationMedia> media) {
    public RegistrationField {
        values = List.copyOf(values);
        media = List.copyOf(media);
    }

    /** A field without media. */
    public RegistrationField(String name, Optional<String> label, String type, boolean required, List<String> values) {
        this(name, label, type, required, values, List.of());
    }
}
