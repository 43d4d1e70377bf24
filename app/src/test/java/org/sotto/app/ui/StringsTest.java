package org.sotto.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.sotto.app.settings.TrustChoice;
import org.sotto.app.unlock.PassphraseStrength;
import org.sotto.app.unlock.UnlockViewModel;
import org.sotto.core.api.ProfileException;
import org.sotto.core.api.account.FailureReason;
import org.sotto.core.api.account.RegistrationException;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.chat.SendFailure;
import org.sotto.core.api.file.FileException;
import org.sotto.core.api.file.TransferProgress;

/** Every key the code asks for is in the bundle, and every key in the bundle is asked for. */
class StringsTest {
    /** The prefixes code passes to {@link Strings#of} and the enum whose constants complete them. */
    private static final Map<String, Set<? extends Enum<?>>> ENUM_KEYS = Map.of(
            "unlock.heading", EnumSet.allOf(UnlockViewModel.Mode.class),
            "unlock.submit", EnumSet.allOf(UnlockViewModel.Mode.class),
            "unlock.strength", EnumSet.complementOf(EnumSet.of(PassphraseStrength.EMPTY)),
            "profile.error", EnumSet.allOf(ProfileException.Reason.class),
            "failure", EnumSet.allOf(FailureReason.class),
            "theme.choice", EnumSet.allOf(Theme.Choice.class),
            "encryption.chat", EnumSet.allOf(Encryption.class),
            "encryption.composer", EnumSet.allOf(Encryption.class),
            "encryption.message", EnumSet.allOf(Encryption.class),
            "message.status", EnumSet.allOf(MessageStatus.class));
    private static final Map<String, Set<? extends Enum<?>>> MORE_ENUM_KEYS = Map.of(
            "send.failure", EnumSet.allOf(SendFailure.class),
            "file.failure", EnumSet.allOf(FileException.Reason.class),
            "file.phase", EnumSet.allOf(TransferProgress.Phase.class),
            "settings.theme", EnumSet.allOf(Theme.Choice.class),
            "settings.password.refused", EnumSet.allOf(RegistrationException.Reason.class),
            "settings.trust", EnumSet.allOf(TrustChoice.class),
            "settings.trust.for", EnumSet.allOf(TrustChoice.class),
            "settings.trust.explain", EnumSet.allOf(TrustChoice.class),
            "settings.trust.on", EnumSet.allOf(TrustChoice.class),
            "settings.trust.off", EnumSet.allOf(TrustChoice.class));
    private static final Pattern GET = Pattern.compile("Strings\\.get\\(\\s*\"([^\"]+)\"");
    private static final Pattern OF = Pattern.compile("Strings\\.of\\(\\s*\"([^\"]+)\"");

    @Test
    void noKeyIsMissingAndNoneIsUnused() throws IOException {
        String code;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            code = files.filter(f -> f.toString().endsWith(".java")).map(StringsTest::read)
                    .collect(Collectors.joining("\n"));
        }
        Set<String> inBundle = new TreeSet<>(Strings.bundle().keySet());
        Set<String> used = new TreeSet<>();
        Matcher get = GET.matcher(code);
        while (get.find()) {
            used.add(get.group(1));
        }
        Map<String, Set<? extends Enum<?>>> enums = new HashMap<>(ENUM_KEYS);
        enums.putAll(MORE_ENUM_KEYS);
        Set<String> unknownPrefixes = new TreeSet<>();
        Matcher of = OF.matcher(code);
        while (of.find()) {
            String prefix = of.group(1);
            if (!enums.containsKey(prefix)) {
                unknownPrefixes.add(prefix);
            } else {
                enums.get(prefix).forEach(constant -> used.add(prefix + "." + constant.name()));
            }
        }
        assertEquals(Set.of(), unknownPrefixes, "Strings.of prefixes this test does not know: add their enum");

        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(inBundle);
        Set<String> unused = new TreeSet<>(inBundle);
        unused.removeAll(used);
        assertEquals(Set.of(), missing, "keys used in code but missing from messages.properties");
        assertEquals(Set.of(), unused, "keys in messages.properties that nothing uses");
    }

    @Test
    void patternsWithArgumentsFormat() {
        for (String key : Strings.bundle().keySet()) {
            String pattern = Strings.bundle().getString(key);
            if (pattern.contains("{0}")) {
                String text = Strings.get(key, "X", "Y", "Z", "W");
                assertTrue(text.contains("X"), key + " lost its argument: " + text);
                assertTrue(!text.contains("{"), key + " has an unformatted argument: " + text);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
