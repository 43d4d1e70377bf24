package org.sotto.app.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sotto.app.UiThread;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;

/** The sign-in form on a profile in memory, offline: what it refuses, and a server that cannot be reached. */
class AddAccountViewModelTest {
    private final SottoProfile profile = Profiles.inMemory(ProfileOptions.defaults().withConnectOnOpen(false));
    private final UiThread ui = new UiThread();
    private final List<Account> signedIn = new ArrayList<>();
    private final AddAccountViewModel model = new AddAccountViewModel(profile.accounts(), Runnable::run, ui, signedIn::add);

    @AfterEach
    void close() {
        ui.close();
        profile.close();
    }

    @Test
    void refusesWhatIsNotAnAddressOrAPortBeforeAddingAnything() {
        ui.run(() -> {
            assertFalse(model.canSignInProperty().get(), "nothing typed yet");
            model.jidProperty().set("alice");
            model.passwordProperty().set("pw");
            assertTrue(model.canSignInProperty().get());
            model.signIn();
            assertEquals(Strings.get("account.error.address"), model.errorProperty().get());
            model.jidProperty().set("alice@example.org");
            model.hostProperty().set("127.0.0.1");
            model.portProperty().set("70000");
            model.signIn();
            assertEquals(Strings.get("account.error.port"), model.errorProperty().get());
        });
        assertTrue(profile.accounts().list().isEmpty(), "nothing added for a refused form");
    }

    @Test
    void aServerThatCannotBeReachedIsSaidInWordsAndATryAgainReusesTheAccount() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        int port = closedPort;
        ui.run(() -> {
            model.jidProperty().set("alice@localhost");
            model.passwordProperty().set("pw");
            model.hostProperty().set("127.0.0.1");
            model.portProperty().set(String.valueOf(port));
            model.signIn();
            assertTrue(model.busyProperty().get());
            assertEquals(Strings.get("account.connecting"), model.statusProperty().get());
        });
        ui.await("the attempt fails", () -> !model.busyProperty().get());
        assertEquals(Strings.get("failure.UNREACHABLE"), ui.get(() -> model.errorProperty().get()));
        assertEquals("", ui.get(() -> model.certificateProperty().get()), "no certificate to decide on");
        assertTrue(signedIn.isEmpty());
        assertEquals(1, profile.accounts().list().size());

        ui.run(model::signIn);
        ui.await("the second attempt fails", () -> !model.busyProperty().get());
        assertEquals(1, profile.accounts().list().size(), "the account of the first attempt is reused");
        assertEquals(Strings.get("failure.UNREACHABLE"), ui.get(() -> model.errorProperty().get()));
    }
}
