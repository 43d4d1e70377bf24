package org.sotto.app;

import java.util.List;

import javafx.application.Application;

/**
 * Starts Sotto. A plain main class (not an {@link Application}) so JavaFX can run from the class path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println("""
                    Usage: sotto [--demo]
                      (no option)  unlock your profile, or create it on the first run: $SOTTO_PROFILE,
                                   else ~/.sotto/profile
                      --demo       start a throwaway XMPP server on 127.0.0.1 and open alice's chats with bob
                                   (encrypted) and carol (plaintext), in a profile kept in memory; the server
                                   stops when Sotto exits
                      --version    print the version""");
            return;
        }
        if (arguments.contains("--version")) {
            System.out.println("Sotto " + Version.current());
            return;
        }
        for (String argument : arguments) {
            if (!argument.equals("--demo")) {
                System.err.println("sotto: unknown option " + argument + " (try --help)");
                System.exit(2);
            }
        }
        Application.launch(SottoApplication.class, args);
    }
}
