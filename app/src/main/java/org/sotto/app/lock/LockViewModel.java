package org.sotto.app.lock;

import java.util.Objects;
import java.util.concurrent.Executor;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.ProfileException;
import org.sotto.core.api.SottoProfile;

/**
 * The lock screen: the profile stays open (accounts connected, messages arriving into the store) while the window
 * shows nothing of it; the profile's passphrase, checked against the profile's key check off the UI thread
 * ({@code SottoProfile.checkPassphrase}, one key derivation), lets the user back in.
 */
public final class LockViewModel {
    private final SottoProfile profile;
    private final Executor background;
    private final UiExecutor ui;
    private final Runnable unlocked;
    private final StringProperty passphrase = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();

    public LockViewModel(SottoProfile profile, Executor background, UiExecutor ui, Runnable unlocked) {
        this.profile = Objects.requireNonNull(profile);
        this.background = Objects.requireNonNull(background);
        this.ui = Objects.requireNonNull(ui);
        this.unlocked = Objects.requireNonNull(unlocked);
        passphrase.addListener((obs, old, next) -> error.set(""));
    }

    /** Checks the passphrase typed; the right one unlocks, a wrong one says so and the field keeps it selected. */
    public void unlock() {
        if (busy.get()) {
            return;
        }
        if (passphrase.get().isEmpty()) {
            error.set(Strings.get("lock.empty"));
            return;
        }
        char[] typed = passphrase.get().toCharArray();
        busy.set(true);
        background.execute(() -> {
            boolean right;
            String failure = null;
            try {
                right = profile.checkPassphrase(typed);
            } catch (ProfileException e) {
                right = false;
                failure = Strings.of("profile.error", e.reason());
            }
            boolean accepted = right;
            String reason = failure;
            ui.execute(() -> {
                if (accepted) {
                    busy.set(false);
                    passphrase.set("");
                    unlocked.run();
                } else {
                    error.set(reason != null ? reason : Strings.get("lock.wrong"));
                    busy.set(false); // after the error: the view gives the field the focus back, text selected
                }
            });
        });
    }

    public StringProperty passphraseProperty() {
        return passphrase;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }
}
