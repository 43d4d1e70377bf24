package org.sotto.app.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.app.UiThread;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.account.RegistrationException;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * Creating an account from the window's view model, on a profile in memory: what it refuses before asking anyone,
 * a server that cannot be reached, and on a real Prosody (whose certificate no authority signed) the pinning, the
 * form, the new account signed in, and a taken name in words with a fresh form that keeps what was typed.
 */
class RegisterAccountViewModelTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private final SottoProfile profile = Profiles.inMemory(ProfileOptions.defaults().withConnectOnOpen(false));
    private final UiThread ui = new UiThread();
    private final List<Account> signedIn = new CopyOnWriteArrayList<>();
    private final RegisterAccountViewModel model = new RegisterAccountViewModel(profile.accounts(), ui, signedIn::add);

    @AfterEach
    void close() {
        ui.close();
        profile.close();
    }

    @Test
    void refusesWhatIsNotAServerOrAPortAndAServerThatCannotBeReachedIsSaidInWords() throws Exception {
        ui.run(() -> {
            assertFalse(model.canFetchProperty().get(), "nothing typed yet");
            model.serverProperty().set("alice@example.org");
            model.fetchForm();
            assertEquals(Strings.get("register.error.server"), model.errorProperty().get());
            model.serverProperty().set("localhost");
            model.hostProperty().set("127.0.0.1");
            model.portProperty().set("0");
            model.fetchForm();
            assertEquals(Strings.get("account.error.port"), model.errorProperty().get());
            assertFalse(model.busyProperty().get());
        });
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        int port = closedPort;
        ui.run(() -> {
            model.portProperty().set(String.valueOf(port));
            model.fetchForm();
            assertTrue(model.busyProperty().get());
            assertEquals(Strings.get("register.fetching"), model.statusProperty().get());
        });
        ui.await("the attempt fails", () -> !model.busyProperty().get());
        assertEquals(Strings.get("failure.UNREACHABLE"), ui.get(() -> model.errorProperty().get()));
        assertEquals(null, ui.get(() -> model.formProperty().get()));
        assertTrue(profile.accounts().list().isEmpty());
    }

    @Test
    void pinsTheServersCertificateFillsItsFormSignsInAndSaysATakenNameInWords() throws Exception {
        ProsodyServer server = PROSODY.server();
        server.register("taken", "taken-pw");
        String pin = sha256(server.certificate().certificate());
        ui.run(() -> {
            model.serverProperty().set(server.domain());
            model.hostProperty().set(server.host());
            model.portProperty().set(String.valueOf(server.c2sPort()));
            model.fetchForm();
        });
        ui.await("the certificate is shown", () -> !model.certificateProperty().get().isEmpty());
        assertEquals(pin, ui.get(() -> model.certificateProperty().get()));
        assertEquals(Strings.get("failure.UNTRUSTED_CERTIFICATE"), ui.get(() -> model.errorProperty().get()));

        ui.run(model::trustCertificate);
        ui.await("the form came", () -> model.formProperty().get() != null && !model.busyProperty().get());
        assertEquals("", ui.get(() -> model.errorProperty().get()));
        assertEquals(server.domain(), ui.get(() -> model.formProperty().get().domain()));

        // a name somebody has: said in words, and a new form (the old one's stream is used) keeps the input
        ui.run(() -> {
            model.usernameProperty().set("taken");
            model.passwordProperty().set("new-pw");
            model.passwordRepeatedProperty().set("other-pw");
            model.register();
            assertEquals(Strings.get("register.error.passwordsDiffer"), model.errorProperty().get());
            model.passwordRepeatedProperty().set("new-pw");
            model.register();
        });
        ui.await("the server refused", () -> !model.errorProperty().get().isEmpty() && !model.busyProperty().get());
        assertEquals(Strings.get("register.error.taken", "taken", server.domain()), ui.get(() -> model.errorProperty().get()));
        assertTrue(profile.accounts().list().isEmpty(), "nothing added for a refused name");
        assertEquals("new-pw", ui.get(() -> model.passwordProperty().get()), "the password stays for the next try");

        ui.run(() -> {
            model.usernameProperty().set("Newcomer");
            model.register();
            assertEquals(Strings.get("register.creating"), model.statusProperty().get());
        });
        ui.await("signed in", () -> !signedIn.isEmpty());
        Account account = signedIn.get(0);
        assertEquals("newcomer@" + server.domain(), account.jid());
        assertEquals(Set.of(pin), account.record().pinnedCertificates(), "the pin goes with the account");
        assertInstanceOf(ConnectionState.Online.class, account.state().get());
        assertEquals("", ui.get(() -> model.passwordProperty().get()), "the password is not kept in the form");
        assertEquals(List.of(account.jid()), profile.accounts().list().stream().map(Account::jid).toList());
    }

    /** As Sotto shows and pins it: colon-separated upper-case hex. */
    static String sha256(X509Certificate certificate) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    @Test
    void theServersOwnWordsFollowTheSentence() {
        RegistrationException refused = new RegistrationException(RegistrationException.Reason.NOT_ALLOWED,
                "registration refused: not_allowed (Registration is closed)", Optional.empty(), null);
        assertEquals(Strings.get("register.error.serverSaid", "Refused.", "Registration is closed"),
                RegisterAccountViewModel.withServerText("Refused.", refused));
        RegistrationException silent = new RegistrationException(RegistrationException.Reason.REJECTED,
                "registration refused: undefined_condition", Optional.empty(), null);
        assertEquals("Refused.", RegisterAccountViewModel.withServerText("Refused.", silent));
    }
}
