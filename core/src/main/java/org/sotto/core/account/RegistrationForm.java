package org.sotto.core.account;

import java.util.List;
import java.util.Optional;

/**
 * What a server wants for a new account. {@code fields} includes username and password; extra ones (email,
 * CAPTCHA answer, …) go into {@code AccountService#register} as {@code extraFields} by name.
 */
public record RegistrationForm(String domain, Optional<String> instructions, List<RegistrationField> fields,
                               boolean fromDataForm) {
    public RegistrationForm {
        fields = List.copyOf(fields);
    }

    /** Fields other than username and password. */
    public List<RegistrationField> extraFields() {
        return fields.stream().filter(f -> !f.name().equals("username") && !f.name().equals("password")
                && !f.type().equals("hidden") && !f.type().equals("fixed") && !f.name().equals("FORM_TYPE")).toList();
    }
}
