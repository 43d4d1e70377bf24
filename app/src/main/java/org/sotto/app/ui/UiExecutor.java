package org.sotto.app.ui;

import java.util.concurrent.Executor;

import javafx.application.Platform;

/**
 * Where view models touch their properties: the JavaFX application thread in the app, the calling thread in
 * view-model tests (which then run without a toolkit). Core's callbacks always come through one of these.
 */
@FunctionalInterface
public interface UiExecutor extends Executor {
    /** The JavaFX application thread, in submission order. */
    static UiExecutor fx() {
        return Platform::runLater;
    }

    /** Runs at once on the calling thread (tests). */
    static UiExecutor direct() {
        return Runnable::run;
    }
}
