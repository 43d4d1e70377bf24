package org.sotto.app.chat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import atlantafx.base.theme.PrimerLight;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

import com.sun.javafx.perf.PerformanceTracker;

import org.fxmisc.flowless.Cell;
import org.fxmisc.flowless.VirtualFlow;
import org.fxmisc.flowless.VirtualizedScrollPane;

/**
 * The floor under Sotto's scrolling (benchmarks/window/measure.sh with SOTTO_FLOOR=1): the same Flowless list in a
 * window of Sotto's size, with AtlantaFX's theme, over 100 000 of WindowBench's message bodies, each cell one
 * wrapped {@link Label} and nothing else, scrolled up 150 px a frame through 5 000 of them and timed as WindowBench
 * times Sotto's chat. Arguments: messages to scroll through, pixels a frame.
 */
public final class ScrollFloor extends Application {
    private static final int MESSAGES = 100_000;

    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheetBSS());
        List<String> raw = getParameters().getRaw();
        int scroll = raw.isEmpty() ? 5_000 : Integer.parseInt(raw.get(0));
        double step = raw.size() < 2 ? 150 : Double.parseDouble(raw.get(1));
        ObservableList<String> texts = FXCollections.observableArrayList();
        for (int i = 0; i < MESSAGES; i++) {
            texts.add(WindowBench.body(i));
        }
        VirtualFlow<String, Cell<String, Label>> flow = VirtualFlow.createVertical(texts, text -> {
            Label label = new Label(text);
            label.setWrapText(true);
            label.setPadding(new Insets(6, 12, 6, 12));
            return Cell.wrapNode(label);
        }, VirtualFlow.Gravity.REAR);
        stage.setScene(new Scene(new VirtualizedScrollPane<>(flow), 1000, 680));
        stage.setTitle("scroll floor");
        stage.show();
        flow.showAsLast(MESSAGES - 1);

        List<Long> pulses = Collections.synchronizedList(new ArrayList<>());
        ConcurrentLinkedQueue<Long> rendered = new ConcurrentLinkedQueue<>();
        PerformanceTracker tracker = PerformanceTracker.getSceneTracker(stage.getScene());
        new AnimationTimer() {
            private int frames;
            private long began;

            @Override
            public void handle(long now) {
                if (++frames < 60) { // a second to settle, as WindowBench waits before it scrolls
                    return;
                }
                if (frames == 60) {
                    tracker.setOnRenderedFrameTask(() -> rendered.add(System.nanoTime()));
                    began = System.nanoTime();
                }
                pulses.add(now);
                if (MESSAGES - flow.getFirstVisibleIndex() >= scroll) {
                    stop();
                    tracker.setOnRenderedFrameTask(null);
                    WindowBench.frameFigures(pulses, new ArrayList<>(rendered), scroll, step,
                            (System.nanoTime() - began) / 1e9, MESSAGES);
                    long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
                    System.out.printf("resident memory after scrolling: %d MiB (heap used %d MiB)%n",
                            WindowBench.rssMiB(), heapUsed);
                    Platform.exit();
                } else {
                    flow.scrollYBy(-step);
                }
            }
        }.start();
    }

    public static void main(String[] args) {
        launch(args);
    }
}
