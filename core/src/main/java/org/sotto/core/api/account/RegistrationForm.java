package org.sotto.core.api.account;

import java.util.List;
import java.util.Optional;

/**
 * What a server wants for a new account. {@code fields} includes username and password; extra ones (email,
 * CAPTCHA answer, …) go into {@code AccountService#register} as {@code extraFields} by name.
 *
 * @param handle names the registration stream the form came on while it is kept open (a few minutes): passing this
 *               form to {@code AccountService#register} answers on that stream, as a XEP-0158 CAPTCHA requires
 */
public record RegistrationForm(String domain, Optional<String> instructions, List<RegistrationField> fields,
                               boolean fromDataForm, Optional<String> handle) {
    public RegistrationForm {
        fields = List.copyOf(fields);
    }

    /** A form not tied to an open stream. */
    public RegistrationForm(String domain, Optional<String> instructions, List<RegistrationField> fields, boolean fromDataForm) {
        this(domain, instructions, fields, fromDataForm, Optional.empty());
    }

    public RegistrationForm withHandle(String streamHandle) {
        return new RegistrationForm(domain, instructions, fields, fromDataForm, Optional.of(streamHandle));
    }

    /** Fields other than username and password. */
    public List<RegistrationField> extraFields() {
        return fields.stream().filter(f -> !f.name().equals("username") && !f.name().equals("password")
                && !f.type().equals("hidden") && !f.type().equals("fixed") && !f.name().equals("FORM_TYPE")).toList();
    }
}
