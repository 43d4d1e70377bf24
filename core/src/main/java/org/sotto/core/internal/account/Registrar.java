package org.sotto.core.internal.account;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaIdFilter;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bob.BoBData;
import org.jivesoftware.smackx.bob.ContentId;
import org.jivesoftware.smackx.bob.element.BoBDataExtension;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.iqregister.packet.Registration;
import org.jivesoftware.smackx.mediaelement.element.MediaElement;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.FormFieldChildElement;
import org.jivesoftware.smackx.xdata.packet.DataForm;

import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;

import org.sotto.core.api.account.RegistrationException;
import org.sotto.core.api.account.RegistrationField;
import org.sotto.core.api.account.RegistrationForm;
import org.sotto.core.api.account.RegistrationMedia;
import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.core.internal.connection.FailureClassifier;

/** XEP-0077 in-band registration over a TLS stream that is never authenticated. Blocking; callers use a worker. */
final class Registrar {
    private Registrar() {
    }

    /** Asks for the form and keeps the stream open in {@code open} (the returned form names it by its handle). */
    static RegistrationForm form(ConnectionSettings server, OpenRegistrations open) throws RegistrationException {
        XMPPTCPConnection connection = open(server);
        boolean kept = false;
        try {
            Registration request = new Registration();
            request.setType(IQ.Type.get);
            request.setTo(connection.getXMPPServiceDomain());
            Registration answer = (Registration) ask(connection, request);
            String domain = connection.getXMPPServiceDomain().toString();
            RegistrationForm form = toForm(domain, answer);
            String handle = open.keep(domain, connection, registrationDataForm(answer));
            kept = true;
            return form.withHandle(handle);
        } catch (XMPPException.XMPPErrorException e) {
            throw refused(e);
        } catch (Exception e) {
            throw connectionProblem(e);
        } finally {
            if (!kept) {
                connection.disconnect();
            }
        }
    }

    /**
     * Answers the form on the stream it came on: a XEP-0004 submit form echoing the offered hidden fields (FORM_TYPE,
     * a XEP-0158 challenge and sid, …) when the server offered a data form, else the legacy fields. Closes the stream.
     */
    static void register(OpenRegistrations.Open stream, ConnectionSettings account, Map<String, String> extraFields)
            throws RegistrationException {
        XMPPTCPConnection connection = stream.connection();
        try {
            String user = JidCreate.entityBareFrom(account.jid()).getLocalpart().toString();
            Registration submission;
            if (stream.offered().isPresent()) {
                submission = new Registration();
                submission.addExtension(submission(stream.offered().get(), user, account.password(), extraFields));
            } else {
                Map<String, String> attributes = new LinkedHashMap<>(extraFields);
                attributes.put("username", user);
                attributes.put("password", account.password());
                submission = new Registration(attributes);
            }
            submission.setType(IQ.Type.set);
            submission.setTo(connection.getXMPPServiceDomain());
            ask(connection, submission);
        } catch (XMPPException.XMPPErrorException e) {
            throw refused(e);
        } catch (Exception e) {
            throw connectionProblem(e);
        } finally {
            connection.disconnect();
        }
    }

    /** The submit form: hidden fields echoed, username and password filled in, the user's answers by field name. */
    static DataForm submission(DataForm offered, String user, String password, Map<String, String> answers) {
        DataForm.Builder form = DataForm.builder(DataForm.Type.submit);
        Set<String> named = new HashSet<>();
        for (FormField field : offered.getFields()) {
            String name = field.getFieldName();
            if (name == null || field.getType() == FormField.Type.fixed) {
                continue;
            }
            named.add(name);
            if (name.equals("username")) {
                form.addField(FormField.textSingleBuilder(name).setValue(user).build());
            } else if (name.equals("password")) {
                form.addField(FormField.textPrivateBuilder(name).setValue(password).build());
            } else if (answers.containsKey(name)) {
                form.addField(FormField.builder(name).setValue(answers.get(name)).build());
            } else if (field.getType() == FormField.Type.hidden || name.equals(FormField.FORM_TYPE)) {
                form.addField(field); // the server's own values, e.g. the CAPTCHA challenge and sid
            }
        }
        answers.forEach((name, value) -> {
            if (!named.contains(name)) {
                form.addField(FormField.builder(name).setValue(value).build());
            }
        });
        return form.build();
    }

    /**
     * The data form in an answer: FORM_TYPE jabber:iq:register, or urn:xmpp:captcha when XEP-0158 wraps it; whatever
     * it names, a form inside the register query is the one to submit (XEP-0077 section 5).
     */
    private static Optional<DataForm> registrationDataForm(Registration answer) {
        return Optional.ofNullable(answer.getExtension(DataForm.class));
    }

    private static IQ ask(XMPPTCPConnection connection, Registration request) throws Exception {
        // not sendIqRequestAndWaitForResponse: its reply filter needs a bound JID, which a registering stream lacks
        return connection.createStanzaCollectorAndSend(
                new StanzaIdFilter(request.getStanzaId()), request).nextResultOrThrow();
    }

    /** Today's fallback without an open stream: a new stream and Smack's legacy XEP-0077 fields. */
    static void register(ConnectionSettings account, Map<String, String> extraFields) throws RegistrationException {
        XMPPTCPConnection connection = open(account);
        try {
            AccountManager manager = AccountManager.getInstance(connection);
            if (!manager.supportsAccountCreation()) {
                throw new RegistrationException(RegistrationException.Reason.NOT_SUPPORTED,
                        "the server " + connection.getXMPPServiceDomain() + " does not offer registration", Optional.empty(), null);
            }
            Localpart user = JidCreate.entityBareFrom(account.jid()).getLocalpart();
            manager.createAccount(user, account.password(), new HashMap<>(extraFields)); // Smack adds to the map
        } catch (XMPPException.XMPPErrorException e) {
            throw refused(e);
        } catch (RegistrationException e) {
            throw e;
        } catch (Exception e) {
            throw connectionProblem(e);
        } finally {
            connection.disconnect();
        }
    }

    private static XMPPTCPConnection open(ConnectionSettings settings) throws RegistrationException {
        try {
            XMPPTCPConnection connection = Connections.createAnonymousStream(settings);
            connection.connect();
            return connection;
        } catch (Exception e) {
            throw connectionProblem(e);
        }
    }

    /** The server's answer to the registration request as a form; package-private for the parsing tests. */
    static RegistrationForm toForm(String domain, Registration answer) {
        List<RegistrationField> fields = new ArrayList<>();
        DataForm form = answer.getExtension(DataForm.class);
        if (form != null) {
            Map<String, BoBData> bitsOfBinary = bitsOfBinary(answer);
            for (FormField field : form.getFields()) {
                // a fixed field (text to show) may have no var
                String name = field.getFieldName() == null ? "" : field.getFieldName();
                fields.add(new RegistrationField(name, Optional.ofNullable(field.getLabel()),
                        field.getType() == null ? "text-single" : field.getType().toString(), field.isRequired(),
                        field.getValuesAsString(), media(field, bitsOfBinary)));
            }
        } else {
            for (Map.Entry<String, String> attribute : answer.getAttributes().entrySet()) {
                if (attribute.getKey().equals("registered") || attribute.getKey().equals("instructions")) {
                    continue;
                }
                fields.add(new RegistrationField(attribute.getKey(), Optional.empty(),
                        attribute.getKey().equals("password") ? "text-private" : "text-single", true,
                        attribute.getValue() == null || attribute.getValue().isEmpty() ? List.of() : List.of(attribute.getValue())));
            }
        }
        return new RegistrationForm(domain, Optional.ofNullable(answer.getInstructions()), fields, form != null);
    }

    /**
     * XEP-0231 data sent along in the answer (a CAPTCHA image, XEP-0158), by content id. Data whose SHA-1 content id
     * does not match its bytes is left out: the id is the hash of the data.
     */
    private static Map<String, BoBData> bitsOfBinary(Registration answer) {
        Map<String, BoBData> byCid = new HashMap<>();
        for (ExtensionElement element : answer.getExtensions()) {
            if (element instanceof BoBDataExtension bob && bob.getBobData() != null && bob.getContentId() != null) {
                byte[] content = content(bob.getBobData());
                ContentId id = bob.getContentId();
                if (content != null && (!"sha1".equalsIgnoreCase(id.getHashType())
                        || id.getHash().equalsIgnoreCase(sha1(content)))) {
                    byCid.put(id.getCid(), bob.getBobData());
                }
            }
        }
        return byCid;
    }

    /**
     * The data's bytes; null when there are none or they are not base64 (Smack 4.4.8 throws a NullPointerException).
     * Empty data is looked at first: Smack only asserts that it is not, so with {@code -ea} that was an AssertionError.
     */
    private static byte[] content(BoBData data) {
        try {
            String base64 = data.getContentBase64Encoded();
            return base64 == null || base64.isBlank() ? null : data.getContent();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** XEP-0221 media of a form field: each URI, with the bytes when it is a {@code cid:} of data in the answer. */
    private static List<RegistrationMedia> media(FormField field, Map<String, BoBData> bitsOfBinary) {
        List<RegistrationMedia> media = new ArrayList<>();
        for (FormFieldChildElement child : field.getFormFieldChildElements()) {
            if (child instanceof MediaElement element) {
                OptionalInt width = element.getWidth() == null ? OptionalInt.empty()
                        : OptionalInt.of(element.getWidth().nativeRepresentation());
                OptionalInt height = element.getHeight() == null ? OptionalInt.empty()
                        : OptionalInt.of(element.getHeight().nativeRepresentation());
                for (MediaElement.Uri uri : element.getUris()) {
                    Optional<byte[]> data = "cid".equalsIgnoreCase(uri.getUri().getScheme())
                            ? Optional.ofNullable(bitsOfBinary.get(uri.getUri().getSchemeSpecificPart())).map(BoBData::getContent)
                            : Optional.empty();
                    media.add(new RegistrationMedia(uri.getType() == null ? "application/octet-stream" : uri.getType(),
                            uri.getUri(), data, width, height));
                }
            }
        }
        return media;
    }

    private static String sha1(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** XEP-0077 §3.3: the logged-in account's new password, over its own (TLS) connection. */
    static void changePassword(XMPPTCPConnection connection, String newPassword) throws RegistrationException {
        try {
            AccountManager.getInstance(connection).changePassword(newPassword);
        } catch (XMPPException.XMPPErrorException e) {
            throw refused(e);
        } catch (SmackException | InterruptedException e) {
            throw connectionProblem(e);
        }
    }

    private static RegistrationException refused(XMPPException.XMPPErrorException e) {
        StanzaError.Condition condition = e.getStanzaError().getCondition();
        RegistrationException.Reason reason = switch (condition) {
            case conflict -> RegistrationException.Reason.USERNAME_TAKEN;
            case not_allowed, forbidden, policy_violation, resource_constraint -> RegistrationException.Reason.NOT_ALLOWED;
            case not_acceptable, bad_request, jid_malformed -> RegistrationException.Reason.INVALID_INPUT; // e.g. a wrong CAPTCHA answer
            case service_unavailable, feature_not_implemented -> RegistrationException.Reason.NOT_SUPPORTED;
            default -> RegistrationException.Reason.REJECTED;
        };
        String text = e.getStanzaError().getDescriptiveText();
        return new RegistrationException(reason, "registration refused: " + condition + (text == null ? "" : " (" + text + ")"),
                Optional.empty(), e);
    }

    private static RegistrationException connectionProblem(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        var failure = FailureClassifier.classify(e);
        return new RegistrationException(RegistrationException.Reason.CONNECTION, failure.message(), Optional.of(failure), e);
    }
}
