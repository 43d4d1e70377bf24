package org.sotto.app.chat;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.Cell;
import org.fxmisc.flowless.VirtualFlow;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;

/**
 * One chat: header, a banner when it is not end-to-end encrypted, the history in a Flowless {@link VirtualFlow}
 * (stuck to the bottom while the user is there, older pages prepended at the top without moving what the user
 * reads, a "jump to latest" button otherwise), and the composer with the chat's encryption state in words.
 */
public final class ChatView {
    private static final double BOTTOM_SLACK = 4;
    private static final Comparator<ChatMessage> BY_TIME = Comparator.comparing(ChatMessage::timestamp);

    private final ChatViewModel model;
    private final BorderPane root = new BorderPane();
    private final VirtualFlow<ChatMessage, Cell<ChatMessage, Node>> flow;
    private final TextArea composer = new TextArea();
    /** False until the first page was put at the bottom: the flow's first layout starts at the top. */
    private boolean positioned;
    /** True from a change of the messages until the flow has laid it out: its scroll values are not the user's then. */
    private boolean updating;
    /** The message at the top of the viewport before a change (its index after the change), and where it was. */
    private int anchorIndex = -1;
    private double anchorOffset;

    public ChatView(ChatViewModel model) {
        this.model = model;
        root.getStyleClass().add("chat-view");

        Label title = new Label(model.title());
        title.getStyleClass().add("title-4");
        title.setId("chat-title");
        Label address = new Label(model.peer());
        address.getStyleClass().addAll("text-muted", "text-small");
        address.setVisible(!model.title().equals(model.peer())); // the address once, not twice
        address.setManaged(address.isVisible());
        Label state = new Label();
        state.setId("chat-encryption");
        state.textProperty().bind(model.encryptionSummaryProperty());
        styleByEncryption(state);
        model.encryptionSummaryProperty().addListener((obs, old, next) -> styleByEncryption(state));
        Button encrypt = new Button(Strings.get("chat.encrypt"), new FontIcon(Material2AL.LOCK));
        encrypt.setId("use-encryption");
        encrypt.getStyleClass().add("small");
        encrypt.visibleProperty().bind(model.plaintextProperty());
        encrypt.managedProperty().bind(encrypt.visibleProperty());
        encrypt.setOnAction(e -> model.choosePlaintext(false));
        HBox header = new HBox(12, new VBox(title, address), spacer(), state, encrypt);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("chat-header");
        header.setPadding(new Insets(10, 16, 10, 16));

        Label banner = new Label(Strings.get("chat.plaintext.banner"), new FontIcon(Material2AL.LOCK_OPEN));
        banner.setId("plaintext-banner");
        banner.setWrapText(true);
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.getStyleClass().add("plaintext-banner");
        banner.visibleProperty().bind(model.plaintextProperty());
        banner.managedProperty().bind(banner.visibleProperty());
        root.setTop(new VBox(header, banner));

        // registered before the flow's own listener, so it sees the viewport as it was before the change
        model.messages().addListener((ListChangeListener<ChatMessage>) this::messagesChanging);
        flow = VirtualFlow.createVertical(model.messages(), message -> Cell.wrapNode(
                MessageCell.create(message, previous(message), senderName(message),
                        model.failures().get(message.key()), rootWidth())), VirtualFlow.Gravity.REAR); // a short chat sits at the bottom, by the composer
        flow.setId("history");
        flow.getStyleClass().add("history");
        VirtualizedScrollPane<VirtualFlow<ChatMessage, Cell<ChatMessage, Node>>> scroll =
                new VirtualizedScrollPane<>(flow);
        scroll.setId("history-scroll");

        Label empty = new Label(Strings.get("chat.empty"));
        empty.getStyleClass().add("text-muted");
        empty.visibleProperty().bind(Bindings.isEmpty(model.messages()).and(model.loadedProperty()));
        empty.setMouseTransparent(true);

        Button jump = new Button();
        jump.setId("jump-to-latest");
        jump.setGraphic(new FontIcon(Material2AL.ARROW_DOWNWARD));
        jump.textProperty().bind(Bindings.createStringBinding(() -> model.unseenProperty().get() == 0
                ? Strings.get("chat.jump") : Strings.get("chat.jump.new", model.unseenProperty().get()),
                model.unseenProperty()));
        jump.getStyleClass().addAll("accent", "rounded");
        jump.visibleProperty().bind(model.atBottomProperty().not().and(Bindings.isNotEmpty(model.messages())));
        jump.setOnAction(e -> toBottom());
        StackPane.setAlignment(jump, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(jump, new Insets(12, 24, 12, 12));

        Label loading = new Label(Strings.get("chat.loadingOlder"));
        loading.getStyleClass().addAll("text-muted", "text-small");
        loading.visibleProperty().bind(model.loadingOlderProperty());
        StackPane.setAlignment(loading, Pos.TOP_CENTER);
        StackPane.setAlignment(empty, Pos.CENTER);
        root.setCenter(new StackPane(scroll, empty, loading, jump));

        root.setBottom(composer());

        flow.estimatedScrollYProperty().addListener((obs, old, next) -> scrolled());
        flow.totalHeightEstimateProperty().addListener((obs, old, next) -> {
            if (model.atBottomProperty().get()) {
                Platform.runLater(this::stickToBottom);
            }
        });
        flow.heightProperty().addListener((obs, old, next) -> {
            if (model.atBottomProperty().get()) {
                Platform.runLater(this::stickToBottom);
            }
        });
        model.failures().addListener((MapChangeListener<String, String>) change -> {
            int at = indexOf(change.getKey());
            if (at >= 0) {
                model.messages().set(at, model.messages().get(at)); // rebuilds its cell with the reason
            }
        });
        model.loadedProperty().addListener((obs, old, loaded) -> {
            if (loaded) {
                Platform.runLater(() -> {
                    toBottom();
                    positioned = true;
                    Platform.runLater(this::recordAnchor);
                });
            }
        });
    }

    private javafx.beans.binding.DoubleExpression rootWidth() {
        return root.widthProperty();
    }

    /**
     * The message above {@code message} (for the day separator); a cell is built for a message in the list. The list
     * is in time order, so a binary search finds it: a scan by key costs as many steps as messages are loaded, for
     * every cell built while scrolling through a long chat.
     */
    private ChatMessage previous(ChatMessage message) {
        List<ChatMessage> messages = model.messages();
        int at = Collections.binarySearch(messages, message, BY_TIME);
        if (at >= 0) {
            while (at > 0 && BY_TIME.compare(messages.get(at - 1), message) == 0) {
                at--;
            }
            for (; at < messages.size() && BY_TIME.compare(messages.get(at), message) == 0; at++) {
                if (messages.get(at).key().equals(message.key())) {
                    return at > 0 ? messages.get(at - 1) : null;
                }
            }
        }
        at = indexOf(message.key());
        return at > 0 ? messages.get(at - 1) : null;
    }

    private String senderName(ChatMessage message) {
        if (message.direction() == Direction.OUTGOING) {
            return Strings.get("chat.you");
        }
        return message.sender().equals(model.peer()) ? model.title() : message.sender();
    }

    private Node composer() {
        composer.setId("composer");
        composer.setWrapText(true);
        composer.setPrefRowCount(2);
        composer.setPromptText(Strings.get("composer.prompt"));
        composer.setTooltip(new javafx.scene.control.Tooltip(Strings.get("composer.keys")));
        composer.setAccessibleText(Strings.get("composer.prompt"));
        composer.textProperty().bindBidirectional(model.composerProperty());
        composer.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.UP && composer.getText().isEmpty() && model.editLast()) {
                e.consume();
                composer.end();
            } else if (e.getCode() == KeyCode.ESCAPE && model.editingProperty().get() != null) {
                e.consume();
                model.cancelEdit();
            } else if (e.getCode() == KeyCode.ENTER) {
                e.consume();
                if (e.isShiftDown()) {
                    composer.replaceSelection("\n");
                } else {
                    model.send();
                }
            }
        });
        Button send = Controls.iconButton(Material2MZ.SEND, Strings.get("composer.send"));
        send.setId("send");
        send.setOnAction(e -> {
            model.send();
            composer.requestFocus();
        });
        send.disableProperty().bind(Bindings.createBooleanBinding(() -> model.composerProperty().get().isBlank(),
                model.composerProperty()));
        HBox row = new HBox(8, composer, send);
        row.setAlignment(Pos.CENTER);
        HBox.setHgrow(composer, Priority.ALWAYS);

        Label hint = new Label();
        hint.setId("composer-encryption");
        hint.textProperty().bind(model.encryptionTextProperty());
        hint.setWrapText(true);
        styleByEncryption(hint);
        Label error = new Label();
        error.setId("send-error");
        error.setWrapText(true);
        error.getStyleClass().add("danger");
        error.textProperty().bind(model.sendErrorProperty());
        error.visibleProperty().bind(model.sendErrorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        Button offer = new Button(Strings.get("send.plaintext.offer"), new FontIcon(Material2AL.LOCK_OPEN));
        offer.setId("send-plaintext");
        offer.getStyleClass().addAll("danger", "small");
        offer.visibleProperty().bind(model.plaintextOfferedProperty());
        offer.managedProperty().bind(offer.visibleProperty());
        offer.setOnAction(e -> {
            if (confirmPlaintext()) {
                model.choosePlaintext(true);
            }
        });
        Label editing = new Label(Strings.get("composer.editing"), new FontIcon(Material2AL.EDIT));
        editing.setId("composer-editing");
        editing.getStyleClass().add("text-small");
        editing.visibleProperty().bind(model.editingProperty().isNotNull());
        editing.managedProperty().bind(editing.visibleProperty());
        Label typing = new Label();
        typing.setId("typing");
        typing.getStyleClass().addAll("text-small", "text-muted");
        typing.textProperty().bind(model.typingProperty());
        typing.visibleProperty().bind(model.typingProperty().isNotEmpty());
        typing.managedProperty().bind(typing.visibleProperty());
        // PAUSED after five seconds without a keystroke (XEP-0085 suggests about that)
        javafx.animation.PauseTransition idle = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(5));
        idle.setOnFinished(e -> model.pausedTyping());
        composer.textProperty().addListener((obs, old, next) -> idle.playFromStart());
        HBox problem = new HBox(12, typing, error, offer, editing);
        problem.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(error, Priority.ALWAYS);
        VBox box = new VBox(6, problem, row, hint);
        box.getStyleClass().add("composer-box");
        box.setPadding(new Insets(8, 16, 12, 16));
        Runnable plain = () -> {
            boolean plaintext = model.plaintextProperty().get();
            if (plaintext && !box.getStyleClass().contains("composer-plaintext")) {
                box.getStyleClass().add("composer-plaintext");
            } else if (!plaintext) {
                box.getStyleClass().remove("composer-plaintext");
            }
        };
        model.encryptionTextProperty().addListener((obs, old, next) -> {
            styleByEncryption(hint);
            plain.run();
        });
        plain.run();
        return box;
    }

    /** Asks before a chat goes in plaintext, saying who can read it then. */
    private boolean confirmPlaintext() {
        javafx.scene.control.ButtonType use = new javafx.scene.control.ButtonType(Strings.get("send.plaintext.confirm"),
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.WARNING,
                Strings.get("send.plaintext.question.text", model.title()), use, javafx.scene.control.ButtonType.CANCEL);
        alert.setTitle(Strings.get("send.plaintext.question.title"));
        alert.setHeaderText(Strings.get("send.plaintext.question.title"));
        if (root.getScene() != null) {
            alert.initOwner(root.getScene().getWindow());
            alert.getDialogPane().getStylesheets().addAll(root.getScene().getStylesheets());
        }
        ((Button) alert.getDialogPane().lookupButton(javafx.scene.control.ButtonType.CANCEL)).setDefaultButton(true);
        ((Button) alert.getDialogPane().lookupButton(use)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(use)).setId("confirm-plaintext");
        return alert.showAndWait().filter(use::equals).isPresent();
    }

    /** Colour and icon of the chat's state; a state not known yet (no devices fetched) is neutral, not red. */
    private void styleByEncryption(Label label) {
        Encryption encryption = model.encryptionProperty().get();
        boolean unknown = encryption == Encryption.DEVICES_UNKNOWN
                || encryption == Encryption.PLAINTEXT && !model.plaintextProperty().get();
        label.getStyleClass().removeIf(c -> c.startsWith("encryption-"));
        label.getStyleClass().add(unknown ? "encryption-unknown" : "encryption-" + encryption.name().toLowerCase());
        label.setGraphic(unknown ? new FontIcon(Material2AL.HOURGLASS_EMPTY)
                : MessageCell.encryption(encryption).getGraphic());
    }

    private static javafx.scene.layout.Region spacer() {
        javafx.scene.layout.Region region = new javafx.scene.layout.Region();
        HBox.setHgrow(region, Priority.ALWAYS);
        return region;
    }

    private int indexOf(String key) {
        for (int i = model.messages().size() - 1; i >= 0; i--) {
            if (model.messages().get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Runs before the flow sees the change, so it must not ask the flow anything (that lays the flow out against a
     * list it has not taken in yet): it only moves the recorded anchor by what was inserted or removed above it.
     */
    private void messagesChanging(ListChangeListener.Change<? extends ChatMessage> change) {
        if (!updating) {
            updating = true;
            Platform.runLater(this::changed);
        }
        while (change.next()) {
            if (anchorIndex < 0 || change.wasReplaced() || change.wasPermutated() || change.wasUpdated()) {
                continue;
            }
            if (change.wasAdded() && change.getFrom() <= anchorIndex) {
                anchorIndex += change.getAddedSize();
            } else if (change.wasRemoved() && change.getFrom() < anchorIndex) {
                anchorIndex = Math.max(change.getFrom(), anchorIndex - change.getRemovedSize());
            }
        }
    }

    /** After the flow took in a change: at the bottom it follows; elsewhere the message the user read stays put. */
    private void changed() {
        if (positioned && !model.messages().isEmpty()) {
            flow.layout(); // now, not at the next pulse: the scroll values below are the flow's own
            if (model.atBottomProperty().get()) {
                stickToBottom();
            } else if (anchorIndex >= 0 && anchorIndex < model.messages().size()) {
                flow.showAtOffset(anchorIndex, anchorOffset);
            }
            flow.layout();
        }
        updating = false;
        recordAnchor();
    }

    /** Remembers the message at the top of the viewport and where it is (outside layout and list changes). */
    private void recordAnchor() {
        if (!positioned || updating || model.messages().isEmpty() || flow.visibleCells().isEmpty()) {
            return;
        }
        anchorIndex = flow.getFirstVisibleIndex();
        anchorOffset = flow.getCellIfVisible(anchorIndex).map(c -> c.getNode().getLayoutY()).orElse(0.0);
    }

    private void scrolled() {
        if (!positioned || updating) {
            return;
        }
        Double scrollY = flow.estimatedScrollYProperty().getValue();
        Double totalHeight = flow.totalHeightEstimateProperty().getValue();
        if (scrollY == null || totalHeight == null) { // no cells yet
            return;
        }
        double y = scrollY;
        double total = totalHeight;
        boolean bottom = y + flow.getHeight() >= total - BOTTOM_SLACK || total <= flow.getHeight();
        model.atBottomProperty().set(bottom);
        Platform.runLater(this::recordAnchor);
        if (y <= BOTTOM_SLACK && !model.messages().isEmpty() && model.loadedProperty().get()) {
            model.loadOlder();
        }
    }

    private void stickToBottom() {
        if (model.atBottomProperty().get() && !model.messages().isEmpty()) {
            flow.showAsLast(model.messages().size() - 1);
        }
    }

    /** Shows the newest message and follows new ones again. */
    public void toBottom() {
        model.atBottomProperty().set(true);
        stickToBottom();
    }

    public Parent root() {
        return root;
    }

    public ChatViewModel model() {
        return model;
    }

    public void focus() {
        composer.requestFocus();
    }

    /** The history list, for tests. */
    VirtualFlow<ChatMessage, Cell<ChatMessage, Node>> flow() {
        return flow;
    }
}
