package org.sotto.store;

import java.io.IOException;
import java.nio.file.Path;

/** Child process of {@link ProfileLockAcrossProcessesTest}: unlocks the profile, says so, and waits for stdin to close. */
public final class HoldProfileOpen {
    private HoldProfileOpen() {
    }

    public static void main(String[] args) throws IOException {
        try (Profile profile = TestProfiles.unlock(Path.of(args[0]))) {
            System.out.println("open " + profile.database().accounts().all().size());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait until the parent closes our stdin (or kills us)
            }
        }
    }
}
