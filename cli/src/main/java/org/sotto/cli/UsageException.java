package org.sotto.cli;

/** The command line itself is wrong (exit 2): found from the arguments alone, before a profile opens. */
public final class UsageException extends IllegalArgumentException {
    public UsageException(String message) {
        super(message);
    }
}
