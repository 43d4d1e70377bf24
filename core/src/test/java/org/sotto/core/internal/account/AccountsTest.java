package org.sotto.core.internal.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.NotConnectedException;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.account.RegistrationException;
import org.sotto.core.api.account.RegistrationForm;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.internal.connection.PinningTrustManager;
import org.sotto.core.internal.persistence.memory.InMemoryPersistence;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.RawClient;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

class AccountsTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    @Test
    void aNewAccountIsRegisteredInBandFromTheServersFormAndCanLogIn() {
        ProsodyServer server = PROSODY.server();
        try (TestSotto device = TestSotto.start(server)) {
            RegistrationForm form = Await.done(device.sotto.accounts().registrationForm(device.record("localhost")));
            assertEquals("localhost", form.domain());
            assertTrue(form.fields().stream().anyMatch(f -> f.name().equals("username")), form.toString());
            assertTrue(form.fields().stream().anyMatch(f -> f.name().equals("password")), form.toString());

            AccountSession newcomer = Await.done(device.sotto.accounts().register(device.record("newcomer@localhost"), "s3cret!", Map.of()));
            assertInstanceOf(ConnectionState.Online.class, Await.done(newcomer.connect()));

            CompletionException taken = assertThrows(CompletionException.class, () -> Await.done(
                    device.sotto.accounts().register(device.record("newcomer@localhost").withResource("other"), "x", Map.of())));
            RegistrationException refused = assertInstanceOf(RegistrationException.class, taken.getCause());
            assertEquals(RegistrationException.Reason.USERNAME_TAKEN, refused.reason());
        }
    }

    @Test
    void aPasswordIsChangedOnTheServerAndStoredOnlyOnceTheServerAccepted() throws Exception {
        ProsodyServer server = PROSODY.server();
        String jid = server.register("changer", "old-pw");
        try (TestSotto device = TestSotto.start(server)) {
            AccountService accounts = device.sotto.accounts();
            AccountSession session = accounts.add(device.record(jid), "old-pw");
            assertThrows(NotConnectedException.class, () -> accounts.changePasswordOnServer(jid, "new-pw"),
                    "offline: nothing to ask the server with");
            assertInstanceOf(ConnectionState.Online.class, Await.done(session.connect()));
            assertThrows(IllegalArgumentException.class, () -> accounts.changePasswordOnServer(jid, ""));

            Await.done(accounts.changePasswordOnServer(jid, "new-pw"));
            assertThrows(Exception.class, () -> RawClient.login(server, jid, "old-pw").close(), "the old one is gone");
            RawClient.login(server, jid, "new-pw").close();

            // the stored password is the new one: the account signs in with it again
            Await.done(session.disconnect());
            assertInstanceOf(ConnectionState.Online.class, Await.done(session.connect()));
        }
    }

    @Test
    void theServersDataFormIsAnsweredOnTheStreamItCameOn() {
        ProsodyServer server = PROSODY.server();
        try (TestSotto device = TestSotto.start(server)) {
            AccountService accounts = device.sotto.accounts();
            RegistrationForm form = Await.done(accounts.registrationForm(device.record("localhost")));
            assertTrue(form.fromDataForm(), "Prosody 0.12 offers a jabber:iq:register data form: " + form);
            assertTrue(form.handle().isPresent());

            // a required field left empty: the server's not-acceptable on that stream is a typed reason
            CompletionException empty = assertThrows(CompletionException.class,
                    () -> Await.done(accounts.register(device.record("formless@localhost"), "", form, Map.of())));
            RegistrationException missing = assertInstanceOf(RegistrationException.class, empty.getCause());
            assertEquals(RegistrationException.Reason.INVALID_INPUT, missing.reason());
            assertTrue(missing.getMessage().contains("not-acceptable"), missing.getMessage());

            RegistrationForm fresh = Await.done(accounts.registrationForm(device.record("localhost")));
            assertNotEquals(form.handle(), fresh.handle());
            AccountSession created = Await.done(accounts.register(device.record("formed@localhost"), "f0rm-pw", fresh, Map.of()));
            assertInstanceOf(ConnectionState.Online.class, Await.done(created.connect()));
        }
    }

    @Test
    void aFormWhoseStreamIsGoneFallsBackToANewStream() {
        ProsodyServer server = PROSODY.server();
        try (TestSotto device = TestSotto.start(server)) {
            AccountService accounts = device.sotto.accounts();
            RegistrationForm older = Await.done(accounts.registrationForm(device.record("localhost")));
            RegistrationForm newer = Await.done(accounts.registrationForm(device.record("localhost"))); // closes the older stream
            AccountSession late = Await.done(accounts.register(device.record("late@localhost"), "late-pw", older, Map.of()));
            assertInstanceOf(ConnectionState.Online.class, Await.done(late.connect()));

            // the newer form's stream is still open and answers; a used form falls back and meets the taken name
            AccountSession other = Await.done(accounts.register(device.record("other@localhost"), "other-pw", newer, Map.of()));
            assertInstanceOf(ConnectionState.Online.class, Await.done(other.connect()));
            CompletionException again = assertThrows(CompletionException.class, () -> Await.done(
                    accounts.register(device.record("other@localhost").withResource("second"), "x", newer, Map.of())));
            assertEquals(RegistrationException.Reason.USERNAME_TAKEN,
                    assertInstanceOf(RegistrationException.class, again.getCause()).reason());
        }
    }

    @Test
    void registrationAtAnUntrustedServerReportsTheCertificate() {
        ProsodyServer server = PROSODY.server();
        try (TestSotto device = new TestSotto(server, new InMemoryPersistence(),
                TestSotto.options(server).withBaseTrust(PinningTrustManager.system()))) {
            CompletionException failed = assertThrows(CompletionException.class,
                    () -> Await.done(device.sotto.accounts().registrationForm(device.record("localhost"))));
            RegistrationException refused = assertInstanceOf(RegistrationException.class, failed.getCause());
            assertEquals(RegistrationException.Reason.CONNECTION, refused.reason());
            assertTrue(refused.connectionFailure().orElseThrow().certificateSha256().isPresent());
        }
    }

    @Test
    void severalAccountsRunSideBySideAndARemovedAccountLeavesNothingBehind() {
        ProsodyServer server = PROSODY.server();
        String work = server.register("work", "work-pw");
        String home = server.register("home", "home-pw");
        String friend = server.register("friend", "friend-pw");
        try (TestSotto device = TestSotto.start(server); TestSotto friendDevice = TestSotto.start(server)) {
            AccountSession workSession = device.online(work, "work-pw");
            AccountSession homeSession = device.online(home, "home-pw");
            AccountSession friendSession = friendDevice.online(friend, "friend-pw");
            assertEquals(2, device.sotto.accounts().sessions().size());
            assertThrows(IllegalArgumentException.class, () -> device.sotto.accounts().add(AccountRecord.of(work), "again"));
            assertThrows(IllegalArgumentException.class, () -> device.sotto.accounts().add(AccountRecord.of("not a jid"), "pw"));

            Await.done(friendSession.chats().send(work, "to work"));
            Await.done(friendSession.chats().send(home, "to home"));
            MessageAdded atWork = device.await(MessageAdded.class, e -> e.message().body().equals("to work"));
            MessageAdded atHome = device.await(MessageAdded.class, e -> e.message().body().equals("to home"));
            assertEquals(work, atWork.account());
            assertEquals(home, atHome.account());

            Await.done(device.sotto.accounts().remove(home));
            assertEquals(1, device.sotto.accounts().sessions().size());
            assertInstanceOf(ConnectionState.Offline.class, homeSession.state().get());
            assertTrue(device.persistence.accounts().find(home).isEmpty());
            assertTrue(device.persistence.accounts().password(home).isEmpty());
            assertTrue(device.persistence.messages().conversations(home).isEmpty());
            assertFalse(device.persistence.messages().conversations(work).isEmpty());
            ChatMessage stillThere = Await.done(workSession.chats().history(friend, Optional.empty(), 10)).get(0);
            assertEquals("to work", stillThere.body());
        }
    }
}
