package org.sotto.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.sotto.core.Sotto;
import org.sotto.core.SottoOptions;
import org.sotto.core.account.AccountSession;
import org.sotto.core.connection.ConnectionState;
import org.sotto.core.persistence.AccountRecord;
import org.sotto.core.persistence.Persistence;
import org.sotto.testkit.ProsodyServer;

/** Shared setup of the Core* benchmarks: Sotto instances that trust the throwaway server's certificate. */
final class CoreBenchmarks {
    private CoreBenchmarks() {
    }

    static SottoOptions options(ProsodyServer server) {
        return SottoOptions.defaults().withBaseTrust(server.certificate().trustManager())
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    static Sotto sotto(ProsodyServer server, Persistence persistence) {
        return Sotto.start(persistence, options(server));
    }

    static AccountSession online(Sotto sotto, ProsodyServer server, String jid, String password) {
        AccountSession session = sotto.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort()), password);
        ConnectionState state = session.connect().orTimeout(60, TimeUnit.SECONDS).join();
        if (!(state instanceof ConnectionState.Online)) {
            throw new IllegalStateException(jid + " did not come online: " + state);
        }
        return session;
    }
}
