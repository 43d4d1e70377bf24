package org.sotto.app.unlock;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.ProfileException;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;

/**
 * The first screen: creates the profile (passphrase twice, with strength advice) or unlocks the existing one. The
 * key derivation runs on {@code background}, never on the UI thread; {@link #busyProperty()} is true meanwhile.
 */
public final class UnlockViewModel {
    public enum Mode { CREATE, UNLOCK }

    private final Path directory;
    private final ProfileOptions options;
    private final Executor background;
    private final UiExecutor ui;
    private final Consumer<SottoProfile> onOpened;

    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>();
    private final StringProperty passphrase = new SimpleStringProperty("");
    private final StringProperty repeated = new SimpleStringProperty("");
    private final ObjectProperty<PassphraseStrength> strength = new SimpleObjectProperty<>(PassphraseStrength.EMPTY);
    private final StringProperty strengthText = new SimpleStringProperty("");
    private final StringProperty mismatch = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty("");
    private final IntegerProperty refusals = new SimpleIntegerProperty();
    private final BooleanBinding canSubmit;

    public UnlockViewModel(Path directory, ProfileOptions options, Executor background, UiExecutor ui,
                           Consumer<SottoProfile> onOpened) {
        this.directory = Objects.requireNonNull(directory);
        this.options = Objects.requireNonNull(options);
        this.background = Objects.requireNonNull(background);
        this.ui = Objects.requireNonNull(ui);
        this.onOpened = Objects.requireNonNull(onOpened);
        mode.set(Profiles.exists(directory) ? Mode.UNLOCK : Mode.CREATE); // two stat calls, no reading
        passphrase.addListener((obs, old, next) -> update());
        repeated.addListener((obs, old, next) -> update());
        mode.addListener((obs, old, next) -> update());
        canSubmit = Bindings.createBooleanBinding(() -> !busy.get() && !passphrase.get().isEmpty()
                        && (mode.get() == Mode.UNLOCK
                        || strength.get().acceptable() && passphrase.get().equals(repeated.get())),
                busy, passphrase, repeated, mode, strength);
        update();
    }

    private void update() {
        if (mode.get() == Mode.CREATE) {
            strength.set(PassphraseStrength.of(passphrase.get()));
            strengthText.set(strength.get() == PassphraseStrength.EMPTY ? ""
                    : Strings.of("unlock.strength", strength.get(), PassphraseStrength.MINIMUM_LENGTH));
            mismatch.set(!repeated.get().isEmpty() && !repeated.get().equals(passphrase.get())
                    ? Strings.get("unlock.mismatch") : "");
        } else {
            strengthText.set("");
            mismatch.set("");
        }
    }

    /** Creates or unlocks in the background; the outcome arrives on the UI executor. */
    public void submit() {
        if (!canSubmit.get()) {
            return;
        }
        Mode current = mode.get();
        char[] first = passphrase.get().toCharArray();
        char[] second = repeated.get().toCharArray();
        busy.set(true);
        error.set("");
        background.execute(() -> {
            try {
                SottoProfile profile = current == Mode.CREATE
                        ? Profiles.create(directory, first, second, options)
                        : Profiles.unlock(directory, first, options);
                ui.execute(() -> {
                    busy.set(false);
                    passphrase.set("");
                    repeated.set("");
                    onOpened.accept(profile);
                });
            } catch (ProfileException e) {
                ui.execute(() -> refused(e.reason()));
            } catch (RuntimeException e) {
                ui.execute(() -> {
                    busy.set(false);
                    error.set(Strings.get("unlock.error.unexpected", String.valueOf(e.getMessage())));
                });
            }
        });
    }

    private void refused(ProfileException.Reason reason) {
        busy.set(false);
        error.set(Strings.of("profile.error", reason));
        if (reason == ProfileException.Reason.ALREADY_EXISTS) {
            mode.set(Mode.UNLOCK); // created meanwhile by another Sotto: it can only be unlocked now
        }
        refusals.set(refusals.get() + 1);
    }

    public Path directory() {
        return directory;
    }

    public ReadOnlyObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public StringProperty passphraseProperty() {
        return passphrase;
    }

    public StringProperty repeatedProperty() {
        return repeated;
    }

    public ReadOnlyObjectProperty<PassphraseStrength> strengthProperty() {
        return strength;
    }

    public ReadOnlyStringProperty strengthTextProperty() {
        return strengthText;
    }

    /** "The two passphrases differ" while they do (creating only). */
    public ReadOnlyStringProperty mismatchProperty() {
        return mismatch;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** Why the last attempt was refused, in words; empty otherwise. */
    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    /** Counts refusals, so the view puts the focus back into the passphrase field after each. */
    public ReadOnlyIntegerProperty refusalsProperty() {
        return refusals;
    }

    public BooleanBinding canSubmitProperty() {
        return canSubmit;
    }
}
