package org.sotto.core.account;

import java.util.List;
import java.util.Optional;

/**
 * One field the server asks for when registering (XEP-0077, with or without a XEP-0004 data form).
 *
 * @param type the data form field type ("text-single", "text-private", "fixed", …); "text-single" for legacy fields
 */
public record RegistrationField(String name, Optional<String> label, String type, boolean required, List<String> values) {
    public RegistrationField {
        values = List.copyOf(values);
    }
}
