package org.sotto.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.testkit.ProsodyServer;

/**
 * What a user waits for after typing the passphrase, through the public API: {@code Profiles.unlock} (Argon2id with
 * the default cost, opening the encrypted database) until every enabled account is online (TLS, SASL, stream
 * management, the OMEMO device lists and bundles checked, an empty catch-up), against Prosody on 127.0.0.1.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
public class UnlockToConnectedBenchmark {
    private static final String PASSPHRASE = "a reasonably long passphrase";

    @Param({"1", "3"})
    public int accounts;

    private ProsodyServer server;
    private Path dir;
    private ProfileOptions options;
    private SottoProfile open;

    @Setup(Level.Trial)
    public void createProfile() throws Exception {
        server = ProsodyServer.start();
        dir = Files.createTempDirectory("sotto-bench-unlock-connect").resolve("profile");
        options = ProfileOptions.defaults().withCertificateTrust(server.certificate().trustManager())
                .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1));
        try (SottoProfile profile = Profiles.create(dir, PASSPHRASE.toCharArray(), PASSPHRASE.toCharArray(), options)) {
            for (int i = 0; i < accounts; i++) {
                String jid = server.register("user" + i, "pw" + i);
                profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort()), "pw" + i);
            }
            online(profile); // the first login generates and publishes the OMEMO keys
        }
    }

    @Benchmark
    public SottoProfile unlockUntilOnline() {
        open = Profiles.unlock(dir, PASSPHRASE.toCharArray(), options);
        return online(open);
    }

    @TearDown(Level.Iteration)
    public void lock() {
        if (open != null) {
            open.close();
            open = null;
        }
    }

    @TearDown(Level.Trial)
    public void remove() throws Exception {
        server.close();
        StoreDatabases.delete(dir.getParent());
    }

    private static SottoProfile online(SottoProfile profile) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Account account : profile.accounts().list()) {
            CompletableFuture<Void> online = new CompletableFuture<>();
            account.state().subscribe(state -> {
                if (state instanceof ConnectionState.Online) {
                    online.complete(null);
                } else if (state instanceof ConnectionState.Failed failed) {
                    online.completeExceptionally(new IllegalStateException(String.valueOf(failed.failure())));
                }
            });
            if (account.state().get() instanceof ConnectionState.Offline) {
                account.connect();
            }
            all.add(online);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
        return profile;
    }
}
