package org.sotto.app;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import javafx.application.Application;

import org.sotto.app.ui.Rendering;
import org.sotto.core.api.Profiles;

/**
 * Starts Sotto. A plain main class (not an {@link Application}) so JavaFX can run from the class path.
 */
public final class Main {
    private Main() {
    }

    static final String PREFERENCES_ROOT = "java.util.prefs.userRoot";
    /**
     * dbus-java says at INFO which transport each connection uses; its warnings and errors still show. Held here:
     * java.util.logging keeps loggers only weakly, and a collected logger forgets its level.
     */
    private static final Logger DBUS_LOG = Logger.getLogger("org.freedesktop.dbus");

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println("""
                    Usage: sotto [--demo] [xmpp:URI]
                      (no option)  unlock your profile, or create it on the first run: $SOTTO_PROFILE,
                                   else ~/.sotto/profile
                      --demo       start a throwaway XMPP server on 127.0.0.1 and open alice's chats with bob
                                   (encrypted) and carol (plaintext), in a profile kept in memory; the server
                                   stops when Sotto exits
                      --version    print the version
                      xmpp:URI     a verification link (xmpp:address?omemo-sid-ID=FINGERPRINT…): after
                                   unlocking, the contact's devices open with the link to confirm""");
            return;
        }
        if (arguments.contains("--version")) {
            System.out.println("Sotto " + Version.current());
            return;
        }
        for (String argument : arguments) {
            // an xmpp: URI comes from the desktop entry (Exec=sotto %u) when Sotto handles a link; a verification
            // link opens its contact's trust dialog after unlock (SottoApplication), other links open Sotto only
            if (!argument.equals("--demo") && !argument.startsWith("xmpp:")) {
                System.err.println("sotto: unknown option " + argument + " (try --help)");
                System.exit(2);
            }
        }
        if (arguments.contains("--demo") && !demoAvailable()) {
            System.err.println("""
                    sotto: demo mode is not part of this installation. It runs a throwaway Prosody server from
                    Sotto's developer kit, which the installers leave out. To try it, run ./sotto --demo in a
                    checkout of Sotto's source (on Debian 12 it installs Prosody and a JDK itself). To chat,
                    start sotto without --demo and add your account.""");
            System.exit(2);
        }
        quietenDbusJava();
        keepPreferencesBesideTheProfile();
        Rendering.chooseBeforeStart();
        WindowIcons.applyToEveryWindow();
        Application.launch(SottoApplication.class, args);
    }

    /**
     * The window's preferences (theme, size and place, the open chat; nothing secret) go to Java's user preferences
     * under the profile's parent directory ({@code ~/.sotto/.java}), not to {@code ~/.java}: Sotto writes nothing
     * outside its own directory. A root chosen on the command line ({@code -Djava.util.prefs.userRoot}) is kept.
     */
    static void keepPreferencesBesideTheProfile() {
        if (System.getProperty(PREFERENCES_ROOT) == null) {
            Path parent = Profiles.defaultDirectory().toAbsolutePath().getParent();
            if (parent != null) {
                System.setProperty(PREFERENCES_ROOT, parent.toString());
            }
        }
    }

    static void quietenDbusJava() {
        DBUS_LOG.setLevel(Level.WARNING);
    }

    /** Whether the demo server's code is here: in the source tree yes, in an installed Sotto no (app's pom). */
    static boolean demoAvailable() {
        try {
            Class.forName("org.sotto.testkit.DemoServer", false, Main.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
