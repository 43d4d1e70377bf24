package org.sotto.app.chat;

import java.util.Locale;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.beans.value.WeakChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.file.Attachment;
import org.sotto.core.api.file.TransferProgress;
import org.sotto.core.api.file.TransferState;

/**
 * The file of a message: a downloaded image as its thumbnail, any other file as a card (name, size, kind); with
 * Download, a progress bar with the percentage and Cancel while it moves, the reason and Retry after a failure, and
 * Open and Save as… once it is here. Also the row of an upload under way over the composer.
 */
final class FileCard {
    private FileCard() {
    }

    /** What a file's buttons do; the view passes them to {@link ChatFiles} (Save as… after its file dialog). */
    interface Actions {
        void download(ChatMessage message);

        void cancelDownload(ChatMessage message);

        void open(ChatMessage message);

        void saveAs(ChatMessage message);
    }

    /** @param thumbnail the image's thumbnail, when it is here and could be decoded; {@code progress} a download's */
    record Context(Image thumbnail, ObservableValue<TransferProgress> progress, Actions actions) {
    }

    static Node create(ChatMessage message, Attachment file, Context context) {
        VBox box = new VBox(6);
        box.getStyleClass().add("file-card");
        box.setMinWidth(0);
        String size = file.size().map(ChatFiles::size).orElse("");
        String kind = ChatFiles.kind(file);
        if (context.thumbnail() != null && file.downloaded()) {
            box.getChildren().add(thumbnail(message, file, size, context));
        } else {
            Label name = new Label(file.name());
            name.getStyleClass().add("file-name");
            name.setMinWidth(0);
            Label details = new Label(size.isEmpty() ? kind : size + " · " + kind);
            details.getStyleClass().addAll("file-details", "text-small", "text-muted");
            VBox words = new VBox(2, name, details);
            words.setMinWidth(0);
            HBox.setHgrow(words, Priority.ALWAYS);
            FontIcon icon = new FontIcon(icon(file));
            icon.getStyleClass().add("file-icon");
            HBox head = new HBox(10, icon, words);
            head.setAlignment(Pos.CENTER_LEFT);
            head.getStyleClass().add("file-head");
            head.setAccessibleText(Strings.get("file.card.accessible", file.name(), size, kind));
            box.getChildren().add(head);
        }
        box.getChildren().add(state(message, file, size, context));
        return box;
    }

    private static Node thumbnail(ChatMessage message, Attachment file, String size, Context context) {
        ImageView view = new ImageView(context.thumbnail());
        view.setPreserveRatio(true);
        view.setFitWidth(Math.min(ChatFiles.THUMBNAIL, context.thumbnail().getWidth()));
        view.setFitHeight(Math.min(ChatFiles.THUMBNAIL, context.thumbnail().getHeight()));
        view.setSmooth(true);
        view.getStyleClass().add("file-thumbnail");
        view.setAccessibleText(Strings.get("file.thumbnail.accessible", file.name(), size));
        view.setCursor(Cursor.HAND);
        Controls.tooltipWhenPointedAt(view, file.name() + " (" + size + ")");
        view.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                context.actions().open(message);
            }
        });
        double width = view.getFitWidth();
        double height = context.thumbnail().getHeight() * width / Math.max(1, context.thumbnail().getWidth());
        if (height > view.getFitHeight()) {
            width = width * view.getFitHeight() / height;
            height = view.getFitHeight();
        }
        Rectangle corners = new Rectangle(width, height);
        corners.setArcWidth(12);
        corners.setArcHeight(12);
        view.setClip(corners);
        return view;
    }

    /** What can be done with the file now, or how far its transfer is. */
    private static Node state(ChatMessage message, Attachment file, String size, Context context) {
        VBox box = new VBox(4);
        box.setMinWidth(0);
        Node progress = progress(file.name(), context.progress(),
                () -> context.actions().cancelDownload(message), Strings.get("file.download.cancel", file.name()));
        // a download moving: the bar; else what the message says
        progress.visibleProperty().bind(Bindings.createBooleanBinding(() -> {
            TransferProgress now = context.progress().getValue();
            return now != null ? !now.finished() : file.state() == TransferState.TRANSFERRING;
        }, context.progress()));
        progress.managedProperty().bind(progress.visibleProperty());
        HBox buttons = new HBox(6);
        buttons.setAlignment(Pos.CENTER_LEFT);
        Label failure = new Label();
        failure.setWrapText(true);
        failure.getStyleClass().addAll("danger", "file-failure");
        Runnable update = () -> {
            TransferProgress now = context.progress().getValue();
            buttons.getChildren().clear();
            failure.setText("");
            if (now != null && !now.finished() || file.state() == TransferState.TRANSFERRING && now == null) {
                return;
            }
            if (file.downloaded()) {
                Button open = new Button(Strings.get("file.open"), new FontIcon(Material2AL.LAUNCH));
                open.getStyleClass().addAll("small", "file-open");
                Controls.tooltipWhenPointedAt(open, Strings.get("file.open.tooltip"));
                open.setOnAction(e -> context.actions().open(message));
                Button save = new Button(Strings.get("file.saveAs"), new FontIcon(Material2MZ.SAVE_ALT));
                save.getStyleClass().addAll("small", "file-save");
                save.setOnAction(e -> context.actions().saveAs(message));
                buttons.getChildren().addAll(open, save);
                return;
            }
            boolean failed = file.state() == TransferState.FAILED
                    || now != null && now.phase() == TransferProgress.Phase.FAILED;
            if (failed) {
                failure.setText(file.state() == TransferState.FAILED ? ChatFiles.failure(file)
                        : now.failure().map(r -> Strings.of("file.failure", r))
                        .orElse(Strings.get("file.failure.unknown")));
                Button retry = new Button(Strings.get("file.retry"), new FontIcon(Material2MZ.REFRESH));
                retry.getStyleClass().addAll("small", "file-retry");
                retry.setAccessibleText(Strings.get("file.download.accessible", file.name()));
                retry.setOnAction(e -> context.actions().download(message));
                buttons.getChildren().add(retry);
                return;
            }
            Button download = new Button(size.isEmpty() ? Strings.get("file.download.accessible", "").strip()
                    : Strings.get("file.download", size), new FontIcon(Material2AL.CLOUD_DOWNLOAD));
            download.getStyleClass().addAll("small", "accent", "file-download");
            download.setAccessibleText(Strings.get("file.download.accessible", file.name()));
            download.setOnAction(e -> context.actions().download(message));
            buttons.getChildren().add(download);
        };
        update.run();
        ChangeListener<TransferProgress> changed = (obs, old, next) -> {
            if (old == null || next == null || old.finished() != next.finished() || old.phase() != next.phase()) {
                update.run();
            }
        };
        follow(box, context.progress(), changed);
        failure.visibleProperty().bind(failure.textProperty().isNotEmpty());
        failure.managedProperty().bind(failure.visibleProperty());
        buttons.visibleProperty().bind(Bindings.isNotEmpty(buttons.getChildren()));
        buttons.managedProperty().bind(buttons.visibleProperty());
        box.getChildren().addAll(progress, failure, buttons);
        return box;
    }

    /**
     * A bar with the percentage (a moving bar while the size is unknown), the phase in words and a Cancel button
     * named after the file.
     */
    static Node progress(String name, ObservableValue<TransferProgress> progress, Runnable cancel, String cancelWords) {
        ProgressBar bar = new ProgressBar();
        bar.getStyleClass().add("file-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        Label percent = new Label();
        percent.getStyleClass().addAll("file-percent", "text-small");
        percent.setMinWidth(Label.USE_PREF_SIZE);
        Label phase = new Label();
        phase.getStyleClass().addAll("file-phase", "text-small", "text-muted");
        phase.setMinWidth(Label.USE_PREF_SIZE);
        Runnable show = () -> {
            TransferProgress now = progress.getValue();
            double fraction = fraction(now);
            bar.setProgress(fraction);
            percent.setText(fraction < 0 ? "" : Strings.get("file.percent", Math.round(fraction * 100)));
            phase.setText(now == null ? Strings.get("file.phase.DOWNLOADING") : Strings.of("file.phase", now.phase()));
            bar.setAccessibleText(Strings.get("file.upload.accessible", name,
                    percent.getText().isEmpty() ? phase.getText() : percent.getText()));
        };
        show.run();
        Button stop = Controls.iconButton(Material2AL.CLOSE, cancelWords);
        stop.getStyleClass().addAll("small", "file-cancel");
        stop.setOnAction(e -> cancel.run());
        HBox row = new HBox(6, phase, bar, percent, stop);
        follow(row, progress, (obs, old, next) -> show.run());
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("file-progress-row");
        row.setMinWidth(200);
        return row;
    }

    /**
     * Listens for as long as {@code node} lives: the progress outlives the cells Flowless throws away, so it holds the
     * listener weakly and the node holds it strongly.
     */
    private static <T> void follow(Node node, ObservableValue<T> value, ChangeListener<T> listener) {
        node.getProperties().put(listener, listener);
        value.addListener(new WeakChangeListener<>(listener));
    }

    /** Done of total as 0…1, or -1 (a moving bar) while the total is unknown or nothing moved yet. */
    static double fraction(TransferProgress progress) {
        if (progress == null || progress.total() <= 0 || progress.phase() == TransferProgress.Phase.WAITING) {
            return -1;
        }
        return Math.max(0, Math.min(1, progress.done() / (double) progress.total()));
    }

    private static Ikon icon(Attachment file) {
        String type = file.mediaType().toLowerCase(Locale.ROOT);
        if (type.startsWith("image/")) {
            return Material2AL.IMAGE;
        }
        if (type.startsWith("video/")) {
            return Material2MZ.MOVIE;
        }
        if (type.startsWith("audio/")) {
            return Material2AL.AUDIOTRACK;
        }
        if (type.equals("application/pdf") || type.startsWith("text/")) {
            return Material2AL.DESCRIPTION;
        }
        return Material2AL.INSERT_DRIVE_FILE;
    }
}
