package org.sotto.app.search;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

import com.sun.javafx.perf.PerformanceTracker;

import org.sotto.app.MainWindow;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.SottoOptions;
import org.sotto.core.internal.persistence.store.StorePersistence;
import org.sotto.store.KdfParameters;
import org.sotto.store.Profile;

/**
 * The search in every chat (Ctrl+Shift+F) on a profile of many messages (not a test; benchmarks/window/search.sh
 * runs it under Xvfb): {@code SearchBench DIR MESSAGES} writes an encrypted profile with MESSAGES messages over 40
 * chats straight into the store, unlocks it through the public API, shows the real {@link MainWindow}, opens the
 * search and puts each query into its field at once (as a paste). For each it prints the time from the text set to
 * the hits laid out in the list (core's answer for that text shown), and to the first frame rendered after that
 * (JavaFX's PerformanceTracker).
 */
public final class SearchBench {
    private static final String PASSPHRASE = "search-bench-passphrase";
    private static final int CHATS = 40;
    private static final String[] WORDS = {"the", "a", "meeting", "tomorrow", "lunch", "train", "station", "book",
        "picture", "holiday", "weather", "rain", "coffee", "office", "project", "deadline", "party", "music", "film",
        "garden", "bicycle", "kitchen", "recipe", "ticket", "airport", "doctor", "birthday", "present", "weekend"};
    /** Common, rarer, rare and absent words; prefixes; two words. */
    private static final List<String> QUERIES = List.of("meeting", "coffee", "birthday present", "zeppelin",
            "quokka", "hol", "train station", "the", "kitch", "deadline project");

    private static volatile SottoProfile opened;
    private static volatile MainWindow window;
    private static final CountDownLatch SHOWN = new CountDownLatch(1);

    private SearchBench() {
    }

    /** Shows the real main window on the unlocked profile. */
    public static final class WindowApp extends Application {
        @Override
        public void start(Stage stage) {
            window = MainWindow.show(stage, opened);
            SHOWN.countDown();
        }
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        if (args.length != 2) {
            System.err.println("usage: SearchBench DIR MESSAGES");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int messages = Integer.parseInt(args[1]);
        long began = System.nanoTime();
        createProfile(dir, messages);
        System.out.printf("profile of %d messages in %d chats written in %.1f s%n", messages, CHATS,
                (System.nanoTime() - began) / 1e9);
        opened = Profiles.unlock(dir, PASSPHRASE.toCharArray(), ProfileOptions.defaults().withConnectOnOpen(false));
        Thread fx = new Thread(() -> Application.launch(WindowApp.class), "bench-launch");
        fx.start();
        if (!SHOWN.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the window did not show");
        }
        Thread.sleep(2_000);
        measure();
        onFx(() -> {
            window.close();
            window.stage().close();
        });
        Platform.exit();
        System.exit(0);
    }

    private static void createProfile(Path dir, int messages) throws Exception {
        // the lightest key derivation allowed: this measures the search, not the unlock
        StorePersistence store = StorePersistence.owning(Profile.create(dir, PASSPHRASE.toCharArray(),
                new KdfParameters(KdfParameters.MINIMUM_MEMORY_KIB, 1, 1)));
        try (Sotto sotto = Sotto.start(store, SottoOptions.defaults())) {
            String alice = "alice@example.invalid";
            sotto.accounts().add(AccountRecord.of(alice).withServer("127.0.0.1", 1), "pw");
            Random random = new Random(42);
            Instant start = Instant.now().minusSeconds(messages * 60L + 3600);
            for (int first = 0; first < messages; first += 1_000) {
                int from = first;
                int to = Math.min(messages, first + 1_000);
                store.inTransaction(() -> {
                    for (int i = from; i < to; i++) {
                        String peer = "friend" + (i % CHATS) + "@example.invalid";
                        store.messages().append(message(alice, peer, i, start.plusSeconds(i * 60L), random));
                    }
                    return null;
                });
            }
        } finally {
            store.close();
        }
    }

    /** Six to twenty words from a small vocabulary: common words are in most messages, rare ones in a few. */
    private static ChatMessage message(String alice, String peer, int i, Instant at, Random random) {
        boolean mine = i % 3 == 0;
        StringBuilder body = new StringBuilder("message " + i);
        int words = 6 + random.nextInt(15);
        for (int w = 0; w < words; w++) {
            // skewed: the first words of the list far more often than the last
            int pick = (int) Math.floor(Math.pow(random.nextDouble(), 2.5) * WORDS.length);
            body.append(' ').append(WORDS[pick]);
        }
        if (i % 5_000 == 17) {
            body.append(" quokka");
        }
        return new ChatMessage(UUID.randomUUID().toString(), alice, peer, ChatKind.CHAT,
                mine ? Direction.OUTGOING : Direction.INCOMING, mine ? alice : peer, body.toString(), at,
                Optional.of(UUID.randomUUID().toString()), Optional.empty(), Optional.of(UUID.randomUUID().toString()),
                MessageStatus.DISPLAYED, Encryption.E2EE_TRUSTED, Optional.empty(), false, false, Map.of());
    }

    private static void measure() throws Exception {
        onFx(() -> window.chatsView().openGlobalSearch());
        Thread.sleep(500);
        Scene scene = window.stage().getScene();
        TextField field = (TextField) scene.lookup("#global-search-field");
        Label status = (Label) scene.lookup("#global-search-status");
        @SuppressWarnings("unchecked")
        ListView<GlobalSearchViewModel.Hit> list = (ListView<GlobalSearchViewModel.Hit>) scene
                .lookup("#global-search-results");
        List<Double> laidOut = new ArrayList<>();
        List<Double> painted = new ArrayList<>();
        for (int round = 0; round < 4; round++) { // the first round warms the JIT and SQLite's page cache up
            for (String query : QUERIES) {
                onFx(() -> field.setText(""));
                Thread.sleep(100);
                AtomicLong setAt = new AtomicLong();
                AtomicLong listedAt = new AtomicLong();
                AtomicLong renderedAt = new AtomicLong();
                CountDownLatch done = new CountDownLatch(1);
                onFx(() -> {
                    PerformanceTracker tracker = PerformanceTracker.getSceneTracker(scene);
                    tracker.setOnRenderedFrameTask(() -> {
                        if (listedAt.get() != 0 && renderedAt.compareAndSet(0, System.nanoTime())) {
                            done.countDown();
                        }
                    });
                    scene.addPostLayoutPulseListener(new Runnable() {
                        @Override
                        public void run() {
                            // the status is set with the hits, after the answer for this text came
                            if (field.getText().equals(query) && !status.getText().isEmpty()) {
                                listedAt.set(System.nanoTime());
                                scene.removePostLayoutPulseListener(this);
                            }
                        }
                    });
                    setAt.set(System.nanoTime());
                    field.setText(query);
                });
                if (!done.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no frame for " + query);
                }
                onFx(() -> PerformanceTracker.getSceneTracker(scene).setOnRenderedFrameTask(null));
                int hits = onFxInt(() -> list.getItems().size());
                double toList = (listedAt.get() - setAt.get()) / 1e6;
                double toFrame = (renderedAt.get() - setAt.get()) / 1e6;
                if (round > 0) {
                    laidOut.add(toList);
                    painted.add(toFrame);
                }
                if (round == 3) {
                    System.out.printf("%-20s %3d hits: laid out %.1f ms, painted %.1f ms%n", '"' + query + '"', hits,
                            toList, toFrame);
                }
            }
        }
        System.out.printf("text set → hits laid out (%d searches): p50 %.1f ms, p90 %.1f ms, max %.1f ms%n",
                laidOut.size(), percentile(laidOut, 50), percentile(laidOut, 90), percentile(laidOut, 100));
        System.out.printf("text set → first frame painted with them: p50 %.1f ms, p90 %.1f ms, max %.1f ms%n",
                percentile(painted, 50), percentile(painted, 90), percentile(painted, 100));
    }

    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int at = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, at)));
    }

    private static void onFx(Runnable work) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                work.run();
            } finally {
                done.countDown();
            }
        });
        done.await(30, TimeUnit.SECONDS);
    }

    private static int onFxInt(IntSupplier query) throws InterruptedException {
        int[] result = new int[1];
        onFx(() -> result[0] = query.getAsInt());
        return result[0];
    }
}
