package org.sotto.core.internal.chat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.SottoOptions;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.persistence.store.StorePersistence;
import org.sotto.crypto.OmemoVersion;

/**
 * The child JVM of {@link CrashRestartExchangeTest}: bob's Sotto with OMEMO on an encrypted profile, killed with
 * SIGKILL by the parent at random moments. Each life continues where the stored messages end: it sends
 * {@code b-<n>} from the first number not stored yet up to this life's quota, then (prints "quota sent") goes on
 * receiving until it is killed, even when its quota is the total; only the final life waits until every
 * {@code a-<n>} of the peer is stored, drains and exits cleanly (prints "complete"). Arguments: profile directory,
 * passphrase, account, peer, messages per side, pause between sends in ms, this life's quota, "final" or "killed".
 */
public final class CrashExchangeChild {
    private CrashExchangeChild() {
    }

    public static void main(String[] args) throws Exception {
        String account = args[2];
        String peer = args[3];
        int total = Integer.parseInt(args[4]);
        long pause = Long.parseLong(args[5]);
        int quota = Integer.parseInt(args[6]);
        boolean finalLife = "final".equals(args[7]);
        StorePersistence persistence = StorePersistence.openOrCreate(Path.of(args[0]), args[1].toCharArray());
        Sotto sotto = Sotto.start(persistence, SottoOptions.defaults());
        AccountSession session = sotto.accounts().session(account).orElseThrow();
        session.enableOmemo(persistence.omemoStore(account), EnumSet.allOf(OmemoVersion.class));
        ConnectionState state = session.connect().get(120, TimeUnit.SECONDS);
        say(state instanceof ConnectionState.Online ? "online" : "failed " + state);

        int next = (int) stored(persistence, account, peer, Direction.OUTGOING) + 1;
        while (next <= quota) {
            try {
                session.chats().send(peer, "b-" + next).get(60, TimeUnit.SECONDS);
                next++;
            } catch (ExecutionException | TimeoutException e) {
                say("send failed: " + (e.getCause() == null ? e : e.getCause()));
                Thread.sleep(500);
            }
            Thread.sleep(pause);
        }
        if (!finalLife) {
            say("quota sent");
            Thread.sleep(600_000); // the parent kills it
            Runtime.getRuntime().halt(4);
        }
        say("sent all");
        while (stored(persistence, account, peer, Direction.INCOMING) < total) {
            Thread.sleep(200);
        }
        session.drain().get(120, TimeUnit.SECONDS);
        sotto.close();
        persistence.close();
        say("complete");
        System.exit(0);
    }

    private static long stored(StorePersistence persistence, String account, String peer, Direction direction) {
        List<ChatMessage> history = persistence.readOnlyMessages().history(account, peer, Optional.empty(), 1_000_000);
        return history.stream().filter(m -> m.direction() == direction).count();
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
