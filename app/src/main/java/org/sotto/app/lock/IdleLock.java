package org.sotto.app.lock;

import javafx.animation.PauseTransition;
import javafx.beans.value.ObservableIntegerValue;
import javafx.event.Event;
import javafx.event.EventHandler;
import javafx.scene.Scene;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.util.Duration;

/**
 * Auto-lock: runs {@code lock} after the chosen minutes without a key, a click, a pointer move or a scroll in the
 * window ({@code 0}: never). Every input starts the count again; a new choice applies at once.
 */
public final class IdleLock {
    private final PauseTransition idle = new PauseTransition();
    private final ObservableIntegerValue minutes;
    private final EventHandler<Event> input = e -> restart();
    /** One minute of the setting; tests make it shorter. */
    private Duration minute = Duration.minutes(1);

    public IdleLock(Scene scene, ObservableIntegerValue minutes, Runnable lock) {
        this.minutes = minutes;
        idle.setOnFinished(e -> lock.run());
        scene.addEventFilter(KeyEvent.ANY, input::handle);
        scene.addEventFilter(MouseEvent.ANY, input::handle);
        scene.addEventFilter(ScrollEvent.ANY, input::handle);
        minutes.addListener((obs, old, next) -> restart());
    }

    /** Starts the count from now (the window was unlocked, or the user did something). */
    public void restart() {
        idle.stop();
        if (minutes.get() > 0) {
            idle.setDuration(minute.multiply(minutes.get()));
            idle.playFromStart();
        }
    }

    /** How long one minute of the setting lasts (tests), counted from now. */
    public void setMinute(Duration length) {
        minute = length;
        restart();
    }

    /** No count while locked. */
    public void stop() {
        idle.stop();
    }
}
