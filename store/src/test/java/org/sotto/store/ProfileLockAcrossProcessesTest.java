package org.sotto.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another running Sotto holds the profile: opening fails at once; once that process is killed, it opens again. */
class ProfileLockAcrossProcessesTest {
    @Test
    void anotherProcessHoldingTheProfileIsReportedAndItsDeathReleasesIt(@TempDir Path temp) throws Exception {
        Path dir = temp.resolve("profile");
        try (Profile profile = TestProfiles.create(dir)) {
            profile.database().accounts().add("me@example.org", "pw", null);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HoldProfileOpen.class.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("open 1", out.readLine());

            ProfileAlreadyOpenException e = assertThrows(ProfileAlreadyOpenException.class, () -> TestProfiles.unlock(dir));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
        } finally {
            other.destroyForcibly(); // SIGKILL: no chance to release anything itself
            assertTrue(other.waitFor(30, TimeUnit.SECONDS));
        }
        try (Profile profile = TestProfiles.unlock(dir)) {
            assertEquals(1, profile.database().accounts().all().size());
        }
    }
}
