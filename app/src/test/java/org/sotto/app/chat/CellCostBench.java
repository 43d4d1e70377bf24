package org.sotto.app.chat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import javafx.application.Platform;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Theme;
import org.sotto.core.api.chat.ChatMessage;

/**
 * The JavaFX thread's CPU time to build, style and lay out one message's node, as scrolling does for every message
 * that comes into view. CPU time of that thread, not wall time, so a busy machine changes it little.
 * Run with Monocle's headless options (the test argLine): java ... org.sotto.app.chat.CellCostBench [ROUNDS]
 */
public final class CellCostBench {
    /** {@code -Dreuse=true}: cells shown again for other messages, as the history does; else a new node per message. */
    private static final boolean REUSE = Boolean.getBoolean("reuse");

    private CellCostBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Platform.setImplicitExit(false);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<ChatMessage> messages = new ArrayList<>();
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        for (int i = 0; i < 200; i++) {
            messages.add(message(i, at.plusSeconds(60L * i)));
        }
        double[] perCell = new double[rounds];
        MessageCell[] pool = new MessageCell[20];
        long[] nodes = new long[1];
        for (int round = 0; round < rounds; round++) {
            int r = round;
            CountDownLatch done = new CountDownLatch(1);
            Platform.runLater(() -> {
              try {
                if (pool[0] == null) {
                    for (int c = 0; c < pool.length; c++) {
                        pool[c] = new MessageCell();
                    }
                }
                Theme.installCurrent();
                VBox box = new VBox();
                Scene scene = new Scene(box, 800, 600);
                scene.getStylesheets().add(Controls.stylesheet());
                Stage stage = new Stage();
                stage.setScene(scene);
                stage.show();
                SimpleDoubleProperty width = new SimpleDoubleProperty(800);
                long before = threads.getCurrentThreadCpuTime();
                ChatMessage previous = null;
                int shown = 0;
                for (ChatMessage message : messages) {
                    MessageCell.Context context = new MessageCell.Context(previous, "Bob", null, Optional.empty(), "",
                            Set.of(), null, false, false, false, false, true, true, width, NO_ACTIONS, null);
                    Node node;
                    if (REUSE) { // as Flowless does: a cell that scrolled out shows the next message
                        MessageCell cell = pool[shown++ % pool.length];
                        node = cell.show(message, context);
                    } else {
                        node = MessageCell.create(message, context);
                    }
                    box.getChildren().setAll(node);
                    box.applyCss();
                    box.layout();
                    previous = message;
                    nodes[0] += count(node);
                }
                perCell[r] = (threads.getCurrentThreadCpuTime() - before) / 1e6 / messages.size();
                stage.close();
              } catch (Throwable e) {
                e.printStackTrace();
              } finally {
                done.countDown();
              }
            });
            done.await();
        }
        double[] measured = Arrays.copyOfRange(perCell, rounds / 3, rounds); // the first rounds warm the JIT up
        Arrays.sort(measured);
        System.out.printf("JavaFX thread CPU per message node (build + CSS + layout): median %.3f ms, min %.3f, max %.3f"
                + " (%d rounds of %d messages after %d warm-up rounds)%n", measured[measured.length / 2], measured[0],
                measured[measured.length - 1], measured.length, messages.size(), rounds / 3);
        System.out.printf("nodes per message: %.1f%n", nodes[0] / (double) rounds / messages.size());
        Platform.exit();
    }

    private static int count(Node node) {
        int n = 1;
        if (node instanceof javafx.scene.Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                n += count(child);
            }
        }
        return n;
    }

    static final MessageCell.Actions NO_ACTIONS = new MessageCell.Actions() {
        @Override
        public void reply(ChatMessage message) {
        }

        @Override
        public void react(ChatMessage message, String emoji) {
        }

        @Override
        public void pickReaction(ChatMessage message, Node anchor) {
        }

        @Override
        public void retract(ChatMessage message) {
        }

        @Override
        public void retry(ChatMessage message) {
        }

        @Override
        public void showOriginal(ChatMessage reply) {
        }

        @Override
        public void edit(ChatMessage own) {
        }
    };

    /** The same mix as WindowBench's chat. */
    private static ChatMessage message(int i, Instant at) {
        return WindowBench.message("alice@localhost", "bob@localhost", i, at);
    }
}
