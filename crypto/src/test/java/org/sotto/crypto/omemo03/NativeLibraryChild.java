package org.sotto.crypto.omemo03;

import java.io.IOException;

import org.signal.libsignal.protocol.IdentityKeyPair;

/** A JVM that loads libsignal, says so, and waits to be killed; or prints why loading failed. */
public final class NativeLibraryChild {
    private NativeLibraryChild() {
    }

    public static void main(String[] args) throws IOException {
        try {
            NativeLibrary.ensureLoaded();
        } catch (IllegalStateException e) {
            System.out.println("failed " + e.getMessage());
            System.exit(3);
        }
        System.out.println("loaded " + IdentityKeyPair.generate().getPublicKey().serialize().length);
        System.out.flush();
        System.in.read(); // until killed
    }
}
