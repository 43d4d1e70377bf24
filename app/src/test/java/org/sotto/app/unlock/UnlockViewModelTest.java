package org.sotto.app.unlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.SottoProfile;

/** The unlock screen's logic on real profiles in a temp directory, without a toolkit. */
class UnlockViewModelTest {
    private static final ProfileOptions OPTIONS = ProfileOptions.defaults().withConnectOnOpen(false);

    @TempDir
    Path dir;

    private final List<SottoProfile> opened = new ArrayList<>();
    private final List<Runnable> queued = new ArrayList<>();
    /** Background work waits here, so the test can see the busy state before it runs. */
    private final Executor background = queued::add;

    private UnlockViewModel model() {
        return new UnlockViewModel(dir.resolve("profile"), OPTIONS, background, UiExecutor.direct(), opened::add);
    }

    private void runBackground() {
        List<Runnable> now = new ArrayList<>(queued);
        queued.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void createsAProfileOnlyWithAnAcceptablePassphraseTypedTwice() {
        UnlockViewModel model = model();
        assertEquals(UnlockViewModel.Mode.CREATE, model.modeProperty().get());
        model.passphraseProperty().set("short");
        assertEquals(PassphraseStrength.TOO_SHORT, model.strengthProperty().get());
        assertTrue(model.strengthTextProperty().get().contains("8"), model.strengthTextProperty().get());
        assertFalse(model.canSubmitProperty().get());

        model.passphraseProperty().set("correct horse battery staple");
        assertEquals(PassphraseStrength.STRONG, model.strengthProperty().get());
        model.repeatedProperty().set("correct horse battery stapler");
        assertEquals(Strings.get("unlock.mismatch"), model.mismatchProperty().get());
        assertFalse(model.canSubmitProperty().get());
        model.repeatedProperty().set("correct horse battery staple");
        assertEquals("", model.mismatchProperty().get());
        assertTrue(model.canSubmitProperty().get());

        model.submit();
        assertTrue(model.busyProperty().get(), "busy while the key is derived in the background");
        assertFalse(model.canSubmitProperty().get());
        assertTrue(opened.isEmpty(), "nothing opened on the calling thread");
        runBackground();
        assertFalse(model.busyProperty().get());
        assertEquals(1, opened.size());
        assertEquals("", model.passphraseProperty().get(), "the passphrase is not kept in the form");
        opened.get(0).close();
    }

    @Test
    void aWrongPassphraseSaysSoAndAnotherSottoHoldingTheProfileSaysThat() {
        UnlockViewModel create = model();
        create.passphraseProperty().set("correct horse battery staple");
        create.repeatedProperty().set("correct horse battery staple");
        create.submit();
        runBackground();
        opened.get(0).close();

        UnlockViewModel unlock = model();
        assertEquals(UnlockViewModel.Mode.UNLOCK, unlock.modeProperty().get());
        unlock.passphraseProperty().set("wrong horse");
        unlock.submit();
        runBackground();
        assertEquals(Strings.get("profile.error.WRONG_PASSPHRASE"), unlock.errorProperty().get());
        assertEquals(1, unlock.refusalsProperty().get(), "the view puts the focus back into the field");
        assertEquals(1, opened.size());

        unlock.passphraseProperty().set("correct horse battery staple");
        unlock.submit();
        runBackground();
        assertEquals("", unlock.errorProperty().get());
        assertEquals(2, opened.size());
        SottoProfile first = opened.get(1);

        UnlockViewModel second = model();
        second.passphraseProperty().set("correct horse battery staple");
        second.submit();
        runBackground();
        assertEquals(Strings.get("profile.error.ALREADY_OPEN"), second.errorProperty().get());
        assertTrue(second.errorProperty().get().contains("Another Sotto"));
        first.close();
        assertNotNull(second);
    }

    @Test
    void strengthGrowsWithLengthAndVariety() {
        assertEquals(PassphraseStrength.EMPTY, PassphraseStrength.of(""));
        assertEquals(PassphraseStrength.TOO_SHORT, PassphraseStrength.of("abc123!"));
        assertEquals(PassphraseStrength.WEAK, PassphraseStrength.of("aaaaaaaaaaaa"));
        assertEquals(PassphraseStrength.WEAK, PassphraseStrength.of("password"));
        assertEquals(PassphraseStrength.FAIR, PassphraseStrength.of("Tr0ub4dor&3"));
        assertEquals(PassphraseStrength.STRONG, PassphraseStrength.of("purple monkey dishwasher lamp"));
    }
}
