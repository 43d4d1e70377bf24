package org.sotto.app.settings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.app.DemoAccess;
import org.sotto.app.UiThread;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.AccountSummary;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * The settings page's view model on a profile on disk: accounts disabled, enabled, removed with and without their
 * history, a password stored; the passphrase changed (the wrong current one refused); a backup written that opens with
 * the new passphrase; the window's preferences kept in their node.
 */
class SettingsViewModelTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final ProfileOptions OPTIONS = ProfileOptions.defaults().withConnectOnOpen(false);
    private static final String FIRST = "first long passphrase";
    private static final String SECOND = "second long passphrase";

    @TempDir
    Path dir;
    private final UiThread ui = new UiThread();
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private SottoProfile profile;
    private final Preferences node = Preferences.userRoot().node("sotto-test-settings-" + System.nanoTime());

    @AfterEach
    void close() throws Exception {
        ui.close();
        background.shutdownNow();
        if (profile != null) {
            profile.close();
        }
        node.removeNode();
    }

    private static AccountRecord unreachable(String jid) {
        return AccountRecord.of(jid).withServer("127.0.0.1", 1);
    }

    /** Read on the UI thread (inside {@code ui.await}). */
    private static AccountSummary summary(SettingsViewModel model, String jid) {
        return model.accounts().stream().filter(a -> a.jid().equals(jid)).findFirst().orElse(null);
    }

    private void awaitDone(SettingsViewModel model) {
        ui.await("the work is done", () -> !model.busyProperty().get()
                && !(model.statusProperty().get().isEmpty() && model.errorProperty().get().isEmpty()));
    }

    @Test
    void thePasswordIsChangedOnTheServerOnlyWhileOnlineAndARefusalIsSaid() throws Exception {
        ProsodyServer server = PROSODY.server();
        String jid = server.register("walter", "pw");
        profile = Profiles.create(dir.resolve("profile"), FIRST.toCharArray(), FIRST.toCharArray(), OPTIONS);
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort())
                .withPinnedCertificate(DemoAccess.sha256(server)), "pw");
        SettingsViewModel model = ui.get(() -> new SettingsViewModel(profile, new UserSettings(node), background, ui));

        ui.run(() -> model.changePasswordOnServer(jid, "changed-pw"));
        awaitDone(model);
        assertEquals(Strings.get("settings.password.offline"), ui.get(() -> model.errorProperty().get()));

        assertTrue(account.connect().get(30, TimeUnit.SECONDS) instanceof ConnectionState.Online);
        ui.run(() -> model.changePasswordOnServer(jid, "changed-pw"));
        awaitDone(model);
        assertEquals(Strings.get("settings.password.changedOnServer", jid), ui.get(() -> model.statusProperty().get()));
        // the server has the new one, and Sotto signs in with it
        profile.accounts().setEnabled(jid, false).get(30, TimeUnit.SECONDS);
        profile.accounts().setEnabled(jid, true).get(30, TimeUnit.SECONDS);
        assertTrue(account.connect().get(30, TimeUnit.SECONDS) instanceof ConnectionState.Online);
        ui.run(model::close);
    }

    @Test
    void accountsProfileAndPreferences() throws Exception {
        profile = Profiles.create(dir.resolve("profile"), FIRST.toCharArray(), FIRST.toCharArray(), OPTIONS);
        profile.accounts().add(unreachable("alice@example.invalid"), "pw");
        profile.accounts().add(unreachable("carol@example.invalid"), "pw");
        profile.accounts().add(unreachable("dave@example.invalid"), "pw");
        SettingsViewModel model = ui.get(() -> new SettingsViewModel(profile, new UserSettings(node), background, ui));
        ui.await("the accounts are listed", () -> model.accounts().size() == 3);
        assertTrue(model.location().contains(dir.resolve("profile").toAbsolutePath().toString()), model.location());

        ui.run(() -> model.setEnabled("alice@example.invalid", false));
        awaitDone(model);
        assertEquals("alice@example.invalid is disabled and offline.", ui.get(() -> model.statusProperty().get()));
        ui.await("the list says disabled", () -> !summary(model, "alice@example.invalid").enabled());
        ui.run(() -> model.setEnabled("alice@example.invalid", true));
        ui.await("enabled again", () -> summary(model, "alice@example.invalid").enabled());

        // XEP-0450: off until turned on, and stored in the profile
        ui.await("the stored choice is read", () -> !model.trustChoiceProperty("alice@example.invalid",
                TrustChoice.AUTOMATIC_TRUST).get() && !model.busyProperty().get());
        assertFalse(profile.accounts().find("alice@example.invalid").orElseThrow().trust().automaticTrust());
        ui.run(() -> model.setTrustChoice("alice@example.invalid", TrustChoice.AUTOMATIC_TRUST, true));
        awaitDone(model);
        assertEquals("Verifications of alice@example.invalid are now shared with its verified devices.",
                ui.get(() -> model.statusProperty().get()));
        assertTrue(ui.get(() -> model.trustChoiceProperty("alice@example.invalid", TrustChoice.AUTOMATIC_TRUST).get()));
        assertTrue(profile.accounts().find("alice@example.invalid").orElseThrow().trust().automaticTrust());

        // blind trust by default: on until turned off, per account, stored in the profile
        ui.await("the stored default is read", () -> model.trustChoiceProperty("carol@example.invalid",
                TrustChoice.BLIND_TRUST_BY_DEFAULT).get());
        ui.run(() -> model.setTrustChoice("carol@example.invalid", TrustChoice.BLIND_TRUST_BY_DEFAULT, false));
        awaitDone(model);
        assertEquals("New devices of the contacts of carol@example.invalid now wait for your decision.",
                ui.get(() -> model.statusProperty().get()));
        assertFalse(ui.get(() -> model.trustChoiceProperty("carol@example.invalid",
                TrustChoice.BLIND_TRUST_BY_DEFAULT).get()));
        assertFalse(profile.accounts().find("carol@example.invalid").orElseThrow().trust().defaultBlindTrust());
        assertTrue(profile.accounts().find("alice@example.invalid").orElseThrow().trust().defaultBlindTrust(),
                "another account keeps its own");
        assertFalse(profile.accounts().find("carol@example.invalid").orElseThrow().trust().blindTrust("bob@example.org"),
                "a contact without a choice of its own follows the default");

        ui.run(() -> model.changePassword("alice@example.invalid", ""));
        assertEquals("Type the password.", ui.get(() -> model.errorProperty().get()));
        ui.run(() -> model.changePassword("alice@example.invalid", "new-pw"));
        awaitDone(model);
        assertEquals("The password of alice@example.invalid was saved.", ui.get(() -> model.statusProperty().get()));

        ui.run(() -> model.changeServer("alice@example.invalid", "xmpp.example.invalid", "70000"));
        assertEquals(Strings.get("settings.server.port.invalid"), ui.get(() -> model.errorProperty().get()));
        ui.run(() -> model.changeServer("alice@example.invalid", " 127.0.0.2 ", ""));
        awaitDone(model);
        AccountRecord moved = profile.accounts().find("alice@example.invalid").orElseThrow().record();
        assertEquals(Optional.of("127.0.0.2"), moved.host());
        assertEquals(OptionalInt.of(5222), moved.port(), "the usual port when none is given");
        assertArrayEquals(new String[] {"127.0.0.2", "5222"}, ui.get(() -> model.server("alice@example.invalid")));
        ui.run(() -> model.changeServer("alice@example.invalid", "", "5223"));
        awaitDone(model);
        assertEquals(Strings.get("settings.server.dns", "alice@example.invalid"),
                ui.get(() -> model.statusProperty().get()));
        assertEquals(Optional.empty(), profile.accounts().find("alice@example.invalid").orElseThrow().record().host());

        ui.run(() -> model.remove("carol@example.invalid", true));
        awaitDone(model);
        ui.await("carol's history is kept", () -> summary(model, "carol@example.invalid") != null
                && summary(model, "carol@example.invalid").historyOnly());
        ui.run(() -> model.remove("dave@example.invalid", false));
        awaitDone(model);
        assertEquals("dave@example.invalid and everything of it were deleted.",
                ui.get(() -> model.statusProperty().get()));
        ui.await("dave is gone", () -> summary(model, "dave@example.invalid") == null);
        assertEquals(List.of("alice@example.invalid", "carol@example.invalid"),
                profile.accounts().list().stream().map(Account::jid).toList());

        ui.run(() -> model.changePassphrase("not it".toCharArray(), SECOND.toCharArray(), SECOND.toCharArray()));
        awaitDone(model);
        assertEquals("Wrong passphrase. Try again.", ui.get(() -> model.errorProperty().get()));
        ui.run(() -> model.changePassphrase(FIRST.toCharArray(), SECOND.toCharArray(), SECOND.toCharArray()));
        awaitDone(model);
        assertEquals("The passphrase was changed. Use the new one from now on.",
                ui.get(() -> model.statusProperty().get()));
        assertTrue(profile.checkPassphrase(SECOND.toCharArray()));

        Path backup = dir.resolve("backup");
        ui.run(() -> model.backupTo(backup));
        awaitDone(model);
        assertEquals("", ui.get(() -> model.errorProperty().get()));
        assertTrue(Files.isRegularFile(backup.resolve("sotto.db")), "the backup is written");
        try (SottoProfile copy = Profiles.unlock(backup, SECOND.toCharArray(), OPTIONS)) {
            assertEquals(List.of("alice@example.invalid", "carol@example.invalid"),
                    copy.accounts().list().stream().map(Account::jid).toList());
        }
        ui.run(() -> model.backupTo(backup));
        awaitDone(model);
        assertFalse(ui.get(() -> model.errorProperty().get()).isEmpty(), "a folder that is not empty is refused");
        ui.run(model::close);

        // the preferences are kept in their node for the next start
        UserSettings settings = new UserSettings(node);
        assertFalse(settings.showTextProperty().get(), "message text off by default");
        assertEquals(0, settings.autoLockMinutesProperty().get(), "auto-lock off by default");
        settings.autoLockMinutesProperty().set(15);
        settings.showTextProperty().set(true);
        settings.fontSizeProperty().set(99);
        assertEquals(UserSettings.DEFAULT_AUTO_DOWNLOAD_MIB, settings.autoDownloadMiBProperty().get());
        settings.autoDownloadMiBProperty().set(-3);
        UserSettings again = new UserSettings(node);
        assertEquals(0, again.autoDownloadMiBProperty().get(), "no negative limit");
        assertEquals(15, again.autoLockMinutesProperty().get());
        assertTrue(again.showTextProperty().get());
        assertEquals(UserSettings.MAX_FONT_SIZE, again.fontSizeProperty().get(), "kept within bounds");
    }
}
