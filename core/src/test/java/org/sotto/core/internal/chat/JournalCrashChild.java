package org.sotto.core.internal.chat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.SottoOptions;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.store.StorePersistence;

/**
 * The child JVM of {@link InboundJournalCrashTest}: bob's Sotto on an encrypted profile. Its store stage lets the
 * process die (halt, no shutdown hooks, like a kill) as soon as a message whose body starts with "crash" reaches
 * it: after the stanza was journaled (and Smack counted it for XEP-0198), before it is stored.
 * Arguments: profile directory, passphrase, account JID.
 */
public final class JournalCrashChild {
    private JournalCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        StorePersistence persistence = StorePersistence.openOrCreate(Path.of(args[0]), args[1].toCharArray());
        Sotto sotto = Sotto.start(persistence, SottoOptions.defaults());
        AccountSession bob = sotto.accounts().session(args[2]).orElseThrow();
        bob.customizeInbound(pipeline -> pipeline.wrapping("store", store -> message -> {
            String body = message.message().getBody();
            if (body != null && body.startsWith("crash")) {
                System.out.println("dying");
                System.out.flush();
                Thread.sleep(1_000); // time for Smack to answer the server's <r/>: the server considers it delivered
                Runtime.getRuntime().halt(3);
            }
            return store.process(message);
        }));
        ConnectionState state = bob.connect().get(30, TimeUnit.SECONDS);
        System.out.println(state instanceof ConnectionState.Online ? "online" : "failed " + state);
        System.out.flush();
        Thread.sleep(120_000); // the parent kills it otherwise
        Runtime.getRuntime().halt(4);
    }
}
