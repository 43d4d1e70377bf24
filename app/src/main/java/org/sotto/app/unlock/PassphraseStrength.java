package org.sotto.app.unlock;

/**
 * A rough estimate of how hard a passphrase is to guess: its length times the bits of the character classes it uses.
 * It only advises; the profile's key derivation (Argon2) does the real work of slowing guesses down.
 */
public enum PassphraseStrength {
    EMPTY, TOO_SHORT, WEAK, FAIR, STRONG;

    /** Below this many characters a new profile is refused. */
    public static final int MINIMUM_LENGTH = 8;

    public static PassphraseStrength of(CharSequence passphrase) {
        int length = passphrase.length();
        if (length == 0) {
            return EMPTY;
        }
        if (length < MINIMUM_LENGTH) {
            return TOO_SHORT;
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        int distinct = (int) passphrase.chars().distinct().count();
        for (int i = 0; i < length; i++) {
            char c = passphrase.charAt(i);
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                other = true;
            }
        }
        int alphabet = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 33 : 0);
        // a passphrase of few distinct characters ("aaaaaaaaaa", "abababab") counts as short as its variety
        double bits = Math.min(length, distinct * 2) * (Math.log(alphabet) / Math.log(2));
        if (bits < 45) {
            return WEAK;
        }
        return bits < 80 ? FAIR : STRONG;
    }

    /** Whether a new profile may be created with it. */
    public boolean acceptable() {
        return this == WEAK || this == FAIR || this == STRONG;
    }
}
