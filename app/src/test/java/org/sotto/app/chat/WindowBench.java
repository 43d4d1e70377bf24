package org.sotto.app.chat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

import com.sun.javafx.perf.PerformanceTracker;

import org.sotto.app.DemoAccess;
import org.sotto.app.MainWindow;
import org.sotto.app.ui.Rendering;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.SottoOptions;
import org.sotto.core.internal.persistence.store.StorePersistence;
import org.sotto.store.KdfParameters;
import org.sotto.store.Profile;
import org.sotto.testkit.ProsodyServer;

/**
 * The window's performance harness (not a test; benchmarks/window/measure.sh runs it). Two modes:
 * <ul>
 * <li>{@code serve DIR MESSAGES}: starts a test Prosody with alice and bob, creates an encrypted profile in DIR
 * (passphrase {@link #PASSPHRASE}, the default key derivation) holding alice's account on that server and MESSAGES
 * messages with bob, written straight into the store (1 000 a transaction), prints {@code ready}, and keeps the
 * server up until standard input closes. The script starts the real launcher on that profile and unlocks it, or
 * runs {@code chat} on it.</li>
 * <li>{@code chat DIR SCROLL STEP_PX}, in a JVM of its own: unlocks DIR through the public API and shows it in the
 * real {@link MainWindow} (real glass under the script's Xvfb), opens the chat with bob, scrolls up through SCROLL
 * messages by STEP_PX a frame, then goes back to the bottom and has bob send 30 messages one at a time. It prints
 * frame times (from each pulse's start to that frame rendered, through JavaFX's PerformanceTracker, and the
 * pulse-to-pulse intervals), resident memory, and for each of bob's messages the time from core's
 * {@link MessageAdded} to its cell laid out and visible in the flow.</li>
 * </ul>
 */
public final class WindowBench {
    static final String PASSPHRASE = "window-bench-passphrase";
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private WindowBench() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        if (args.length == 3 && args[0].equals("serve")) {
            serve(Path.of(args[1]), Integer.parseInt(args[2]));
        } else if (args.length == 4 && args[0].equals("chat")) {
            chat(Path.of(args[1]), Integer.parseInt(args[2]), Double.parseDouble(args[3]));
        } else {
            System.err.println("usage: WindowBench serve DIR MESSAGES | chat DIR SCROLL STEP_PX");
            System.exit(2);
        }
    }

    private static void serve(Path dir, int messages) throws Exception {
        try (ProsodyServer server = ProsodyServer.start()) {
            String alice = server.register("alice", "alice-pw");
            String bob = server.register("bob", "bob-pw");
            long began = System.nanoTime();
            createProfile(dir, server, alice, bob, messages, KdfParameters.DEFAULT);
            Files.writeString(serverFile(dir), String.join(" ", server.host(), String.valueOf(server.c2sPort()),
                    DemoAccess.sha256(server), alice, bob));
            System.out.printf("profile of %d messages written in %.1f s%n", messages, seconds(began));
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the script closes standard input
            }
        }
    }

    /** Where {@code serve} leaves the test server's address, certificate and users for {@code chat}. */
    private static Path serverFile(Path profile) {
        return profile.resolveSibling(profile.getFileName() + ".server");
    }

    /** An encrypted profile with alice's account on {@code server} and {@code messages} messages with bob. */
    private static void createProfile(Path dir, ProsodyServer server, String alice, String bob, int messages,
                                      KdfParameters kdf) throws Exception {
        StorePersistence store = StorePersistence.owning(Profile.create(dir, PASSPHRASE.toCharArray(), kdf));
        try (Sotto sotto = Sotto.start(store, SottoOptions.defaults())) {
            sotto.accounts().add(AccountRecord.of(alice).withServer(server.host(), server.c2sPort())
                    .withPinnedCertificate(DemoAccess.sha256(server)), "alice-pw");
            Instant start = Instant.now().minusSeconds(messages * 60L + 3600);
            for (int first = 0; first < messages; first += 1_000) {
                int from = first;
                int to = Math.min(messages, first + 1_000);
                store.inTransaction(() -> {
                    for (int i = from; i < to; i++) {
                        store.messages().append(message(alice, bob, i, start.plusSeconds(i * 60L)));
                    }
                    return null;
                });
            }
        } finally {
            store.close();
        }
    }

    /** Bodies of varied length, some with several lines, a link or styling, as a real chat has. */
    /** Message {@code i} of the benchmarks' chat: every third alice's, bodies of 2 to 230 characters. */
    static ChatMessage message(String alice, String bob, int i, Instant at) {
        boolean mine = i % 3 == 0;
        return new ChatMessage(UUID.randomUUID().toString(), alice, bob, ChatKind.CHAT,
                mine ? Direction.OUTGOING : Direction.INCOMING, mine ? alice : bob, body(i), at,
                Optional.of(UUID.randomUUID().toString()), Optional.empty(), Optional.of(UUID.randomUUID().toString()),
                MessageStatus.DISPLAYED, Encryption.E2EE_TRUSTED, Optional.empty(), false, false, Map.of());
    }

    /** The body of message {@code i}: short, a link, three lines, a paragraph with styling. */
    static String body(int i) {
        return switch (i % 7) {
            case 0 -> "ok";
            case 1 -> "Message " + i + ": see https://example.org/page/" + i + " when you have a minute.";
            case 2 -> "Line one of message " + i + "\nline two, a bit longer than the first one\nand a *third*.";
            case 3 -> "This is message number " + i + ", a longer one that wraps onto a second line in a window of the "
                    + "usual width, because people do write paragraphs now and then, with _emphasis_ and `code`.";
            default -> "message " + i;
        };
    }

    // ---- chat mode ----

    private static volatile SottoProfile opened;
    private static volatile MainWindow window;
    private static final CountDownLatch SHOWN = new CountDownLatch(1);

    /** Shows the real main window on the unlocked profile. */
    public static final class WindowApp extends Application {
        @Override
        public void start(Stage stage) {
            window = MainWindow.show(stage, opened);
            SHOWN.countDown();
        }
    }

    private static void chat(Path dir, int scroll, double step) throws Exception {
        String[] server = Files.readString(serverFile(dir)).split(" ");
        AccountRecord bob = AccountRecord.of(server[4]).withServer(server[0], Integer.parseInt(server[1]))
                .withPinnedCertificate(server[2]);
        long began = System.nanoTime();
        opened = Profiles.unlock(dir, PASSPHRASE.toCharArray(), ProfileOptions.defaults());
        System.out.printf("unlocked in %.0f ms%n", millis(began));
        Rendering.chooseBeforeStart(); // as Main does
        Thread fx = new Thread(() -> Application.launch(WindowApp.class), "bench-launch");
        fx.start();
        SHOWN.await(30, TimeUnit.SECONDS);
        measure(bob, server[3], scroll, step);
        onFx(() -> {
            window.close();
            window.stage().close();
        });
        Platform.exit();
        System.exit(0);
    }

    private static void measure(AccountRecord bobsAccount, String alice, int scroll, double step) throws Exception {
        String bob = bobsAccount.jid();
        // open the chat as a click on it would
        long opening = System.nanoTime();
        onFx(() -> window.chats().open(bob));
        waitFor(() -> onFxGet(() -> {
            ChatView view = window.chatsView().chatView();
            return view != null && view.flow().visibleCells().size() > 3 && window.chats().openChatProperty().get()
                    .loadedProperty().get();
        }));
        System.out.printf("open the chat until its newest page is laid out: %.0f ms%n", millis(opening));
        Thread.sleep(2_000);
        System.out.printf("resident memory with the chat open: %d MiB%n", rssMiB());

        ChatViewModel model = window.chats().openChatProperty().get();
        ChatView view = window.chatsView().chatView();
        List<Long> pulses = Collections.synchronizedList(new ArrayList<>());
        ConcurrentLinkedQueue<Long> rendered = new ConcurrentLinkedQueue<>();
        CountDownLatch scrolled = new CountDownLatch(1);
        long[] scrollStart = new long[1];
        onFx(() -> {
            PerformanceTracker tracker = PerformanceTracker.getSceneTracker(window.stage().getScene());
            tracker.setOnRenderedFrameTask(() -> rendered.add(System.nanoTime()));
            scrollStart[0] = System.nanoTime();
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    pulses.add(now);
                    int passed = model.messages().size() - view.flow().getFirstVisibleIndex();
                    if (passed >= scroll) {
                        stop();
                        tracker.setOnRenderedFrameTask(null);
                        scrolled.countDown();
                    } else {
                        view.flow().scrollYBy(-step);
                    }
                }
            }.start();
        });
        if (!scrolled.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("scrolling did not get through " + scroll + " messages");
        }
        double scrollSeconds = seconds(scrollStart[0]);
        frameFigures(pulses, new ArrayList<>(rendered), scroll, step, scrollSeconds, model.messages().size());
        System.out.printf("resident memory after scrolling: %d MiB (heap used %d MiB)%n", rssMiB(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);

        onFx(() -> window.chatsView().chatView().flow().showAsLast(model.messages().size() - 1));
        Thread.sleep(1_000);
        onFx(() -> model.atBottomProperty().set(true));
        Thread.sleep(500);
        arrivals(bobsAccount, alice, model, view);
        System.out.printf("resident memory at the end: %d MiB%n", rssMiB());
    }

    static void frameFigures(List<Long> pulses, List<Long> rendered, int scroll, double step,
                                     double seconds, int loaded) {
        List<Double> intervals = new ArrayList<>();
        for (int i = 1; i < pulses.size(); i++) {
            intervals.add((pulses.get(i) - pulses.get(i - 1)) / 1e6);
        }
        // each rendered frame against the newest pulse that started before it
        List<Double> frames = new ArrayList<>();
        int p = 0;
        for (long done : rendered) {
            while (p + 1 < pulses.size() && pulses.get(p + 1) <= done) {
                p++;
            }
            if (pulses.get(p) <= done) {
                frames.add((done - pulses.get(p)) / 1e6);
            }
        }
        System.out.printf("scrolled through %d messages (%.0f px a frame) in %.1f s; %d messages loaded%n", scroll,
                step, seconds, loaded);
        System.out.printf("frame time, pulse start to rendered (%d frames): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                frames.size(), percentile(frames, 50), percentile(frames, 99), percentile(frames, 100));
        System.out.printf("pulse-to-pulse interval (%d): p50 %.1f ms, p99 %.1f ms, max %.1f ms, over 25 ms: %d%n",
                intervals.size(), percentile(intervals, 50), percentile(intervals, 99), percentile(intervals, 100),
                intervals.stream().filter(i -> i > 25).count());
    }

    /** Bob sends 30 messages, one after the other is shown: MessageAdded at alice to its cell laid out, visible. */
    private static void arrivals(AccountRecord bobsAccount, String alice, ChatViewModel model, ChatView view)
            throws Exception {
        String bob = bobsAccount.jid();
        SottoProfile bobs = Profiles.inMemory(ProfileOptions.defaults().withConnectOnOpen(false));
        try {
            Account b = bobs.accounts().add(bobsAccount, "bob-pw");
            if (!(b.connect().get(30, TimeUnit.SECONDS) instanceof ConnectionState.Online)) {
                throw new IllegalStateException("bob could not sign in");
            }
            Account a = opened.accounts().list().get(0);
            waitFor(() -> a.state().get() instanceof ConnectionState.Online);
            b.contacts().preApprove(alice).get(30, TimeUnit.SECONDS);
            a.contacts().preApprove(bob).get(30, TimeUnit.SECONDS);
            a.contacts().add(bob, Optional.of("Bob"), Set.of()).get(30, TimeUnit.SECONDS);
            b.contacts().add(alice, Optional.of("Alice"), Set.of()).get(30, TimeUnit.SECONDS);
            waitFor(() -> !b.trust().refresh(alice).get(30, TimeUnit.SECONDS).isEmpty());

            Map<String, Long> added = new ConcurrentHashMap<>();
            Map<String, Long> shown = new ConcurrentHashMap<>();
            var subscription = opened.subscribe(MessageAdded.class, Optional.of(alice), Runnable::run, events -> {
                long now = System.nanoTime();
                for (MessageAdded event : events) {
                    if (event.live() && event.message().direction() == Direction.INCOMING) {
                        added.put(event.message().body(), now);
                    }
                }
            });
            onFx(() -> window.stage().getScene().addPostLayoutPulseListener(() -> {
                long now = System.nanoTime();
                for (String body : added.keySet()) {
                    if (shown.containsKey(body)) {
                        continue;
                    }
                    for (int i = model.messages().size() - 1; i >= Math.max(0, model.messages().size() - 5); i--) {
                        if (model.messages().get(i).body().equals(body)
                                && view.flow().getCellIfVisible(i).filter(c -> c.getNode().getLayoutBounds().getHeight() > 0).isPresent()) {
                            shown.put(body, now);
                        }
                    }
                }
            }));
            List<Double> latencies = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String body = "live message " + i;
                b.chats().send(alice, body).get(30, TimeUnit.SECONDS);
                waitFor(() -> shown.containsKey(body));
                latencies.add((shown.get(body) - added.get(body)) / 1e6);
                Thread.sleep(200);
            }
            subscription.close();
            System.out.printf("bob's message, MessageAdded to its cell laid out (%d): p50 %.1f ms, p99 %.1f ms, max "
                    + "%.1f ms%n", latencies.size(), percentile(latencies, 50), percentile(latencies, 99),
                    percentile(latencies, 100));
        } finally {
            bobs.close();
        }
    }

    // ---- helpers ----

    private static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int at = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, at)));
    }

    static long rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double millis(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check check) throws Exception {
        long until = System.nanoTime() + WAIT_NANOS;
        while (!check.ok()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(5);
        }
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

    private static boolean onFxGet(BooleanSupplier query) throws InterruptedException {
        boolean[] result = new boolean[1];
        onFx(() -> result[0] = query.getAsBoolean());
        return result[0];
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Collections.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
