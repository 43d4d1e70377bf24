package org.sotto.app;

import java.util.ArrayDeque;
import java.util.Deque;

import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;

import org.sotto.app.chat.ChatMessagesViewModelTest;
import org.sotto.app.ui.Theme;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.testkit.ProsodyServer;

/**
 * The set-up the window tests with two people share: a stage in the light theme, alice's and bob's profiles (in
 * memory) with their accounts online on the test's Prosody and each other's devices known, and closing it all after
 * each test — what the test registered with {@link #closeOnFx} on the JavaFX thread first (last registered first),
 * then the profiles. Each subclass keeps its own {@code ProsodyExtension}: one server per test class.
 */
@ExtendWith(ApplicationExtension.class)
public abstract class TwoProfilesFxTest {
    protected static final ProfileOptions OPTIONS = ProfileOptions.defaults().withConnectOnOpen(false);

    protected Stage stage;
    protected SottoProfile alices;
    protected SottoProfile bobs;
    private final Deque<Runnable> onFxAfterTest = new ArrayDeque<>();

    /** TestFX's primary stage, in the light theme (a {@code @Start} method would not be found in a superclass). */
    @BeforeEach
    void lightStage() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> {
            Theme.current().set(Theme.LIGHT);
            Theme.installCurrent();
        });
    }

    /** Runs {@code close} on the JavaFX thread after the test (a view model, another stage). */
    protected void closeOnFx(Runnable close) {
        onFxAfterTest.push(close);
    }

    /**
     * Registers two users on {@code server} ("alice" and "bob" unless a test of the class used those) and brings each
     * online from a profile in memory ({@link #alices}, {@link #bobs}), each knowing the other's OMEMO devices:
     * {the first's account, the second's}.
     */
    protected Account[] twoOnline(ProsodyServer server, String first, String second) throws Exception {
        String alice = server.register(first, "pw");
        String bob = server.register(second, "pw");
        alices = Profiles.inMemory(OPTIONS);
        bobs = Profiles.inMemory(OPTIONS);
        Account a = ChatMessagesViewModelTest.online(alices, server, alice);
        Account b = ChatMessagesViewModelTest.online(bobs, server, bob);
        ChatMessagesViewModelTest.devicesKnown(a, bob);
        ChatMessagesViewModelTest.devicesKnown(b, alice);
        return new Account[] {a, b};
    }

    @AfterEach
    void closeBoth(FxRobot robot) {
        robot.interact(() -> {
            Theme.current().set(Theme.LIGHT);
            Theme.installCurrent();
            while (!onFxAfterTest.isEmpty()) {
                onFxAfterTest.pop().run();
            }
        });
        for (SottoProfile profile : new SottoProfile[] {alices, bobs}) {
            if (profile != null) {
                profile.close();
            }
        }
    }
}
