package org.sotto.app;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.EnumSet;
import java.util.List;

import javafx.event.Event;
import javafx.event.EventType;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;

import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.TKClipboard;
import com.sun.javafx.tk.Toolkit;

/**
 * Files dragged from another program onto a node, as the desktop hands them over: entered, over, dropped, exited.
 * Monocle has no native drag and drop, so the events are fired at the node with a toolkit dragboard holding the
 * files; the node's own handlers decide. Call on the JavaFX thread.
 */
public final class FileDrop {
    /** What the target did with the drag. */
    public record Outcome(boolean markedWhileOver, boolean accepted, boolean completed) {}

    private FileDrop() {}

    /** Drags the files over the node's centre and drops them; {@code marker} is the style class shown while over. */
    public static Outcome onto(Node target, List<File> files, String marker) {
        Dragboard board = DragboardHelper.createDragboard(fromAnotherProgram());
        ClipboardContent content = new ClipboardContent();
        content.putFiles(files);
        board.setContent(content);
        Bounds bounds = target.localToScreen(target.getBoundsInLocal());
        double x = bounds.getCenterX();
        double y = bounds.getCenterY();
        fire(target, board, DragEvent.DRAG_ENTERED, x, y);
        DragEvent over = fire(target, board, DragEvent.DRAG_OVER, x, y);
        boolean marked = target.getStyleClass().contains(marker);
        boolean accepted = over.getAcceptedTransferMode() == TransferMode.COPY;
        boolean completed = false;
        if (accepted) {
            completed = fire(target, board, DragEvent.DRAG_DROPPED, x, y).isDropCompleted();
        }
        fire(target, board, DragEvent.DRAG_EXITED, x, y);
        return new Outcome(marked, accepted, completed);
    }

    /** The toolkit's clipboard, offering what a file manager's drag offers (it has no drag of its own). */
    private static TKClipboard fromAnotherProgram() {
        TKClipboard local = Toolkit.getToolkit().createLocalClipboard();
        return (TKClipboard) Proxy.newProxyInstance(TKClipboard.class.getClassLoader(),
                new Class<?>[] {TKClipboard.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getTransferModes")) {
                        return EnumSet.of(TransferMode.COPY, TransferMode.MOVE, TransferMode.LINK);
                    }
                    try {
                        return method.invoke(local, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static DragEvent fire(Node target, Dragboard board, EventType<DragEvent> type, double x, double y) {
        Point2D local = target.screenToLocal(x, y);
        DragEvent event = new DragEvent(target, target, type, board, local.getX(), local.getY(), x, y,
                TransferMode.COPY, null, null, null);
        Event.fireEvent(target, event);
        return event;
    }
}
