package org.sotto.app.chat;

import java.io.File;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.image.Image;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.fxmisc.flowless.Cell;
import org.fxmisc.flowless.VirtualFlow;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import org.sotto.app.trust.ChatTrustView;
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
    private static final KeyCombination PASTE = new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN);

    private final ChatViewModel model;
    private final BorderPane root = new BorderPane();
    private final VirtualFlow<ChatMessage, Cell<ChatMessage, Node>> flow;
    private final TextArea composer = new TextArea();
    private final HBox header;
    /** False until the first page was put at the bottom: the flow's first layout starts at the top. */
    private boolean positioned;
    /** True from a change of the messages until the flow has laid it out: its scroll values are not the user's then. */
    private boolean updating;
    /** True from a change of the flow's height at the bottom until it is at the bottom again. */
    private boolean resizing;
    /** The message at the top of the viewport before a change (its index after the change), and where it was. */
    private int anchorIndex = -1;
    private double anchorOffset;

    private final PauseTransition highlightEnd = new PauseTransition(Duration.seconds(2));
    /** The key of the message briefly highlighted after a jump to it. */
    private String highlighted;

    private final MessageCell.Actions actions = new MessageCell.Actions() {
        @Override
        public void reply(ChatMessage message) {
            model.startReply(message);
            composer.requestFocus();
        }

        @Override
        public void react(ChatMessage message, String emoji) {
            model.toggleReaction(message, emoji);
        }

        @Override
        public void pickReaction(ChatMessage message, Node anchor) {
            EmojiPicker.show(anchor, emoji -> model.toggleReaction(message, emoji));
        }

        @Override
        public void retract(ChatMessage message) {
            if (confirmRetract()) {
                model.retract(message);
            }
        }

        @Override
        public void retry(ChatMessage message) {
            model.retry(message);
        }

        @Override
        public void showOriginal(ChatMessage reply) {
            model.showOriginal(reply);
        }

        @Override
        public void edit(ChatMessage own) {
            if (model.edit(own)) {
                composer.requestFocus();
                composer.end();
            }
        }
    };
    private ContextMenu actionsMenu;
    /** The message the keyboard is on while the history has the focus (Shift+Tab from the composer); else null. */
    private String selected;

    /** The file choosers; tests put their own answers here. */
    interface FileDialogs {
        List<Path> choose(Window owner, String title);

        Optional<Path> saveAs(Window owner, String name);
    }

    private FileDialogs dialogs = new FileDialogs() {
        @Override
        public List<Path> choose(Window owner, String title) {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(title);
            List<File> chosen = chooser.showOpenMultipleDialog(owner);
            return chosen == null ? List.of() : chosen.stream().map(File::toPath).toList();
        }

        @Override
        public Optional<Path> saveAs(Window owner, String name) {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(Strings.get("file.saveAs"));
            chooser.setInitialFileName(name);
            return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath);
        }
    };

    private final FileCard.Actions fileActions = new FileCard.Actions() {
        @Override
        public void download(ChatMessage message) {
            model.files().startDownload(message);
        }

        @Override
        public void cancelDownload(ChatMessage message) {
            model.files().cancelDownload(message);
        }

        @Override
        public void open(ChatMessage message) {
            model.files().open(message);
        }

        @Override
        public void saveAs(ChatMessage message) {
            message.attachment().flatMap(file -> dialogs.saveAs(window(), file.name()))
                    .ifPresent(target -> model.files().saveAs(message, target));
        }
    };

    public ChatView(ChatViewModel model) {
        this.model = model;
        root.getStyleClass().add("chat-view");
        dropTarget();

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
        model.roomWarningProperty().addListener((obs, old, next) -> styleByEncryption(state));
        Button encrypt = new Button(Strings.get("chat.encrypt"), new FontIcon(Material2AL.LOCK));
        encrypt.setId("use-encryption");
        encrypt.getStyleClass().add("small");
        encrypt.visibleProperty().bind(model.plaintextProperty());
        encrypt.managedProperty().bind(encrypt.visibleProperty());
        encrypt.setOnAction(e -> model.choosePlaintext(false));
        state.tooltipProperty().bind(Bindings.createObjectBinding(() -> model.trust().readersDetailProperty().get()
                .isEmpty() ? null : new Tooltip(model.trust().readersDetailProperty().get()),
                model.trust().readersDetailProperty()));
        Label subject = new Label();
        subject.setId("chat-subject");
        subject.getStyleClass().addAll("text-small", "chat-subject");
        subject.textProperty().bind(model.subjectProperty());
        subject.visibleProperty().bind(model.subjectProperty().isNotEmpty());
        subject.managedProperty().bind(subject.visibleProperty());
        subject.setMinWidth(0);
        subject.tooltipProperty().bind(Bindings.createObjectBinding(() -> model.subjectProperty().get().isEmpty()
                ? null : new Tooltip(model.subjectProperty().get()), model.subjectProperty()));
        VBox titles = new VBox(title, address, subject);
        titles.setMinWidth(0);
        HBox.setHgrow(titles, Priority.SOMETIMES);
        state.setWrapText(true);
        state.setMaxWidth(360); // a room's reason may name several members
        header = new HBox(12, titles, spacer(), state, encrypt);
        if (!model.isRoom()) { // a room's members have a trust dialog each, from the room's details
            header.getChildren().add(ChatTrustView.headerButton(model.trust(), this::window));
        }
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
        root.setTop(new VBox(header, banner, ChatTrustView.banners(model.trust(), this::window)));

        // registered before the flow's own listener, so it sees the viewport as it was before the change
        model.messages().addListener((ListChangeListener<ChatMessage>) this::messagesChanging);
        // a short chat sits at the bottom, by the composer
        flow = VirtualFlow.createVertical(model.messages(), HistoryCell::new, VirtualFlow.Gravity.REAR);
        flow.setId("history");
        flow.setFocusTraversable(false); // reached by Shift+Tab from the composer, which picks a message
        flow.setAccessibleText(Strings.get("chat.history.accessible"));
        flow.addEventFilter(KeyEvent.KEY_PRESSED, this::historyKey);
        // the platform may also turn Shift+F10 or the menu key into a request: the menu opens once
        flow.setOnContextMenuRequested(e -> {
            int at = selected == null ? -1 : indexOf(selected);
            if (e.isKeyboardTrigger() && at >= 0) {
                e.consume();
                openActions(at);
            }
        });
        // the mark goes when the focus goes elsewhere in the window (not when a menu of the message opens)
        ChangeListener<Node> focusMoved = (o, before, owner) -> {
            if (owner != null && owner != flow && selected != null) {
                String was = selected;
                selected = null;
                rebuild(was);
            }
        };
        root.sceneProperty().addListener((obs, old, scene) -> {
            if (old != null) {
                old.focusOwnerProperty().removeListener(focusMoved);
            }
            if (scene != null) {
                scene.focusOwnerProperty().addListener(focusMoved);
            }
        });
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
                ? Strings.get("chat.jump") : model.mentionsProperty().get() > 0
                ? Strings.get("room.jump.mentions", model.unseenProperty().get(), model.mentionsProperty().get())
                : Strings.get("chat.jump.new", model.unseenProperty().get()),
                model.unseenProperty(), model.mentionsProperty()));
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
                // a panel over the composer (uploads, a reply) took height: that is no scroll of the user's
                resizing = true;
                Platform.runLater(() -> {
                    stickToBottom();
                    resizing = false;
                    recordAnchor();
                });
            }
        });
        model.failures().addListener((MapChangeListener<String, String>) change -> {
            int at = indexOf(change.getKey());
            if (at >= 0) {
                model.messages().set(at, model.messages().get(at)); // rebuilds its cell with the reason
            }
        });
        model.highlightedProperty().addListener((obs, old, next) -> {
            for (String key : new String[] {old, next}) {
                int at = key == null ? -1 : indexOf(key);
                if (at >= 0) {
                    model.messages().set(at, model.messages().get(at)); // rebuilds its cell, marked or not
                }
            }
            if (next != null) {
                Platform.runLater(this::revealHighlighted);
            }
        });
        model.loadedProperty().addListener((obs, old, loaded) -> {
            if (loaded) {
                Platform.runLater(() -> {
                    if (model.highlightedProperty().get() == null) { // a search hit keeps its place
                        toBottom();
                        toUnreadStart();
                    }
                    positioned = true;
                    Platform.runLater(this::recordAnchor);
                });
            }
        });
        model.retried().addListener((SetChangeListener<String>) change -> rebuild(
                change.wasAdded() ? change.getElementAdded() : change.getElementRemoved()));
        model.avatars().addListener((MapChangeListener<String, Image>) change -> {
            for (int i = 0; i < model.messages().size(); i++) {
                if (model.messages().get(i).sender().equals(change.getKey())) {
                    model.messages().set(i, model.messages().get(i));
                }
            }
        });
        model.files().thumbnails().addListener((MapChangeListener<String, Image>) change -> rebuild(change.getKey()));
        model.scrollTargetProperty().addListener((obs, old, key) -> {
            if (key != null) {
                Platform.runLater(() -> scrollTo(key));
            }
        });
        highlightEnd.setOnFinished(e -> {
            String key = highlighted;
            highlighted = null;
            rebuild(key);
        });
    }

    /** Everything a message's cell shows beside the message itself. */
    private MessageCell.Context context(ChatMessage message) {
        Optional<ChatMessage> quoted = message.replyToId().flatMap(model::original);
        // the reason from the event, else the one core kept with the message
        String failure = model.failures().getOrDefault(message.key(),
                message.failure().map(why -> Strings.of("send.failure", why)).orElse(null));
        return new MessageCell.Context(previous(message), senderName(message), failure,
                quoted, quoted.map(this::senderName).orElse(""), model.ownReactions(message),
                model.avatars().get(message.sender()), message.key().equals(model.firstUnreadProperty().get()),
                message.key().equals(highlighted), model.unexpectedPlaintext(message),
                model.retried().contains(message.key()), model.canReply(message), model.canRetract(message),
                rootWidth(), actions, message.attachment().isEmpty() ? null : new FileCard.Context(
                        model.files().thumbnails().get(message.key()), model.files().download(message.key()),
                        fileActions));
    }

    /** The same message again: its cell is built anew (highlight, retry, avatar). */
    private void rebuild(String key) {
        int at = key == null ? -1 : indexOf(key);
        if (at >= 0) {
            model.messages().set(at, model.messages().get(at));
        }
    }

    /** A chat that opens with unread messages above what the bottom shows opens at the "new messages" line. */
    private void toUnreadStart() {
        String first = model.firstUnreadProperty().get();
        int at = first == null ? -1 : indexOf(first);
        if (at < 0) {
            return;
        }
        flow.layout();
        if (at < flow.getFirstVisibleIndex()) {
            model.atBottomProperty().set(false);
            flow.showAtOffset(at, 0);
            flow.layout();
        }
    }

    /** Brings a message into the middle of the view and highlights it for a moment. */
    private void scrollTo(String key) {
        model.scrolledToTarget();
        int at = indexOf(key);
        if (at < 0) {
            return;
        }
        String before = highlighted;
        highlighted = key;
        rebuild(before);
        rebuild(key);
        // replies that quoted it while it was not shown yet ("an earlier message") can show it now
        model.messages().get(at).referenceId().ifPresent(id -> {
            for (int i = 0; i < model.messages().size(); i++) {
                if (model.messages().get(i).replyToId().filter(id::equals).isPresent()) {
                    model.messages().set(i, model.messages().get(i));
                }
            }
        });
        flow.layout();
        model.atBottomProperty().set(at == model.messages().size() - 1);
        flow.showAtOffset(at, Math.max(0, flow.getHeight() / 3));
        flow.layout();
        recordAnchor();
        highlightEnd.playFromStart();
    }

    /** Asks before a message is taken back for everyone; Cancel is the default. */
    private boolean confirmRetract() {
        ButtonType delete = new ButtonType(Strings.get("retract.confirm"), ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, Strings.get("retract.question.text"), delete,
                ButtonType.CANCEL);
        alert.setTitle(Strings.get("retract.question.title"));
        alert.setHeaderText(Strings.get("retract.question.title"));
        if (root.getScene() != null) {
            alert.initOwner(root.getScene().getWindow());
            alert.getDialogPane().getStylesheets().addAll(root.getScene().getStylesheets());
        }
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        Button confirm = (Button) alert.getDialogPane().lookupButton(delete);
        confirm.setDefaultButton(false);
        confirm.setId("confirm-retract");
        return alert.showAndWait().filter(delete::equals).isPresent();
    }

    /** Adds a control at the end of the header (the window puts the contact details button there). */
    public void addHeaderAction(Node action) {
        header.getChildren().add(action);
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
        if (model.isRoom()) { // room@service/nick: the nickname
            int slash = message.sender().indexOf('/');
            return slash >= 0 ? message.sender().substring(slash + 1) : message.sender();
        }
        return message.sender().equals(model.peer()) ? model.title() : message.sender();
    }

    private Node composer() {
        composer.setId("composer");
        composer.setWrapText(true);
        composer.setPrefRowCount(2);
        composer.setPromptText(Strings.get("composer.prompt"));
        composer.setTooltip(new Tooltip(Strings.get("composer.keys")));
        composer.setAccessibleText(Strings.get("composer.prompt"));
        composer.textProperty().bindBidirectional(model.composerProperty());
        composer.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.TAB && e.isShiftDown() && !e.isShortcutDown() && !e.isAltDown()) {
                if (focusHistory()) {
                    e.consume();
                }
            } else if (e.getCode() == KeyCode.UP && composer.getText().isEmpty() && model.editLast()) {
                e.consume();
                composer.end();
            } else if (e.getCode() == KeyCode.ESCAPE && model.editingProperty().get() != null) {
                e.consume();
                model.cancelEdit();
            } else if (e.getCode() == KeyCode.ESCAPE && model.cancelReply()) {
                e.consume();
            } else if (PASTE.match(e) && Clipboard.getSystemClipboard().hasFiles()) {
                e.consume(); // files, not their names as text
                sendFiles(Clipboard.getSystemClipboard().getFiles());
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
        Button emoji = Controls.iconButton(Material2AL.INSERT_EMOTICON, Strings.get("composer.emoji"));
        emoji.setId("composer-emoji");
        emoji.setOnAction(e -> EmojiPicker.show(emoji, chosen -> {
            composer.replaceSelection(chosen);
            composer.requestFocus();
        }));
        Button attach = Controls.iconButton(Material2AL.ATTACH_FILE, Strings.get("file.attach"));
        attach.setId("attach");
        attach.setOnAction(e -> {
            if (!model.files().checkOffered()) { // says why, opens no chooser
                return;
            }
            List<Path> chosen = dialogs.choose(window(), Strings.get("file.attach.title", model.title()));
            if (!chosen.isEmpty()) {
                model.files().send(chosen);
            }
            composer.requestFocus();
        });
        Runnable attachWords = () -> {
            String words = model.files().offered() ? Strings.get("file.attach")
                    : Strings.get("file.attach.unavailable");
            attach.setAccessibleText(words);
            attach.getTooltip().setText(words);
        };
        model.encryptionProperty().addListener((obs, old, next) -> attachWords.run());
        model.plaintextProperty().addListener((obs, old, next) -> attachWords.run());
        attachWords.run();
        HBox row = new HBox(8, attach, composer, emoji, send);
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
        offer.setMinWidth(Region.USE_PREF_SIZE); // the reason beside it wraps, the button keeps its words
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
        HBox problem = new HBox(12, typing, error, offer,
                ChatTrustView.decideButton(model.trust(), this::window), editing);
        problem.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(error, Priority.ALWAYS);
        Label notice = new Label();
        notice.setId("chat-notice");
        notice.setWrapText(true);
        notice.getStyleClass().addAll("text-small", "text-muted");
        notice.textProperty().bind(model.noticeProperty());
        notice.visibleProperty().bind(model.noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        problem.getChildren().add(0, notice);
        Label fileProblem = new Label();
        fileProblem.setId("file-problem");
        fileProblem.setWrapText(true);
        fileProblem.getStyleClass().add("danger");
        fileProblem.textProperty().bind(model.files().problemProperty());
        fileProblem.visibleProperty().bind(model.files().problemProperty().isNotEmpty());
        fileProblem.managedProperty().bind(fileProblem.visibleProperty());
        Label fileNotice = new Label();
        fileNotice.setId("file-notice");
        fileNotice.setWrapText(true);
        fileNotice.getStyleClass().addAll("text-small", "text-muted");
        fileNotice.textProperty().bind(model.files().noticeProperty());
        fileNotice.visibleProperty().bind(model.files().noticeProperty().isNotEmpty());
        fileNotice.managedProperty().bind(fileNotice.visibleProperty());
        VBox box = new VBox(6, problem, fileProblem, fileNotice, uploads(), replyBar(), row, hint);
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
        model.roomWarningProperty().addListener((obs, old, next) -> styleByEncryption(hint));
        plain.run();
        return box;
    }

    /** The uploads under way or failed, each with its bar, percentage and Cancel, or its reason and Retry. */
    private Node uploads() {
        VBox list = new VBox(4);
        list.setId("uploads");
        Runnable rebuild = () -> {
            list.getChildren().clear();
            for (ChatFiles.Upload upload : model.files().uploads()) {
                list.getChildren().add(uploadRow(upload));
            }
        };
        model.files().uploads().addListener((ListChangeListener<ChatFiles.Upload>) change -> rebuild.run());
        rebuild.run();
        list.visibleProperty().bind(Bindings.isNotEmpty(model.files().uploads()));
        list.managedProperty().bind(list.visibleProperty());
        return list;
    }

    /** One line per upload: icon, name, size, then its progress and Cancel, or its reason, Retry and Dismiss. */
    private Node uploadRow(ChatFiles.Upload upload) {
        FontIcon icon = new FontIcon(Material2AL.FILE_UPLOAD);
        icon.getStyleClass().add("file-icon-small");
        Label name = new Label(upload.name());
        name.getStyleClass().add("file-name");
        name.setMinWidth(40);
        Label size = new Label(ChatFiles.size(upload.size()));
        size.getStyleClass().addAll("text-small", "text-muted");
        size.setMinWidth(Label.USE_PREF_SIZE);
        HBox row = new HBox(8, icon, name, size);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().addAll("upload-row", "file-card");
        if (upload.failed()) {
            Label why = new Label(upload.failureProperty().get());
            why.setWrapText(true);
            why.setMinWidth(0);
            why.getStyleClass().addAll("danger", "file-failure");
            HBox.setHgrow(why, Priority.ALWAYS);
            Button retry = new Button(Strings.get("file.retry"), new FontIcon(Material2MZ.REFRESH));
            retry.getStyleClass().addAll("small", "file-retry");
            retry.setMinWidth(Region.USE_PREF_SIZE);
            retry.setOnAction(e -> model.files().retry(upload));
            Button dismiss = new Button(Strings.get("file.upload.dismiss"));
            dismiss.getStyleClass().addAll("small", "flat", "file-dismiss");
            dismiss.setMinWidth(Region.USE_PREF_SIZE);
            dismiss.setOnAction(e -> model.files().cancel(upload));
            row.getChildren().addAll(why, retry, dismiss);
        } else {
            Node progress = FileCard.progress(upload.name(), upload.progressProperty(),
                    () -> model.files().cancel(upload), Strings.get("file.upload.cancel", upload.name()));
            HBox.setHgrow(progress, Priority.ALWAYS);
            row.getChildren().add(progress);
        }
        // a failure rebuilds the row
        upload.failureProperty().addListener((obs, old, next) -> {
            int at = model.files().uploads().indexOf(upload);
            if (at >= 0 && row.getParent() instanceof VBox list && at < list.getChildren().size()) {
                list.getChildren().set(at, uploadRow(upload));
            }
        });
        return row;
    }

    /** Files dragged onto the chat are sent, several at once; the chat is outlined while they are over it. */
    private void dropTarget() {
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
                e.consume();
            }
        });
        root.setOnDragEntered(e -> {
            if (e.getDragboard().hasFiles() && !root.getStyleClass().contains("drop-target")) {
                root.getStyleClass().add("drop-target");
            }
        });
        root.setOnDragExited(e -> root.getStyleClass().remove("drop-target"));
        root.setOnDragDropped(e -> {
            boolean files = e.getDragboard().hasFiles();
            if (files) {
                sendFiles(e.getDragboard().getFiles());
            }
            e.setDropCompleted(files);
            e.consume();
        });
    }

    /** What was dropped or pasted: the files are sent (the view model says why when it cannot). */
    void sendFiles(List<File> files) {
        root.getStyleClass().remove("drop-target");
        model.files().send(files.stream().map(File::toPath).toList());
    }

    /** Tests answer the file choosers themselves. */
    void useDialogs(FileDialogs dialogs) {
        this.dialogs = dialogs;
    }

    /** Over the composer while the next send answers a message: whom and what, and a button (or Esc) to stop. */
    private Node replyBar() {
        Label who = new Label();
        who.setId("reply-bar-sender");
        who.getStyleClass().add("quote-sender");
        Label what = new Label();
        what.setId("reply-bar-text");
        what.getStyleClass().add("quote-text");
        model.replyingToProperty().addListener((obs, old, original) -> {
            who.setText(original == null ? "" : Strings.get("reply.bar", senderName(original)));
            what.setText(original == null ? "" : MessageCell.preview(original));
        });
        Button cancel = Controls.iconButton(Material2AL.CLOSE, Strings.get("reply.cancel"));
        cancel.setId("reply-cancel");
        cancel.setOnAction(e -> {
            model.cancelReply();
            composer.requestFocus();
        });
        VBox text = new VBox(who, what);
        text.getStyleClass().add("message-quote");
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox bar = new HBox(8, new FontIcon(Material2MZ.REPLY), text, cancel);
        bar.setId("reply-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.visibleProperty().bind(model.replyingToProperty().isNotNull());
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
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
        if (!model.plaintextProperty().get() && !model.trust().keyChangedProperty().get().isEmpty()) {
            label.getStyleClass().add("encryption-key-changed");
            label.setGraphic(new FontIcon(Material2MZ.WARNING));
            return;
        }
        if (model.roomWarningProperty().get()) { // a room where a send is refused as things are
            label.getStyleClass().add("encryption-room-warning");
            label.setGraphic(new FontIcon(Material2AL.LOCK_OPEN));
            return;
        }
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
        if (!positioned || updating || resizing) {
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
        model.atBottomProperty().set(bottom && !model.detachedProperty().get());
        if (bottom && model.detachedProperty().get()) {
            model.loadNewer(); // opened in the past: the next page, not the bottom yet
        }
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
        if (model.detachedProperty().get()) {
            model.jumpToLatest(); // the newest page comes, at the bottom
            return;
        }
        model.atBottomProperty().set(true);
        stickToBottom();
    }

    /**
     * One cell of the history: Flowless shows it again for another message when it scrolls out of view (building and
     * styling a new node tree for every message that scrolls in was most of the JavaFX thread's time).
     */
    private final class HistoryCell implements Cell<ChatMessage, Node> {
        private final MessageCell cell = new MessageCell();

        HistoryCell(ChatMessage message) {
            updateItem(message);
        }

        @Override
        public Node getNode() {
            return cell.node();
        }

        @Override
        public boolean isReusable() {
            return true;
        }

        @Override
        public void updateItem(ChatMessage message) {
            cell.show(message, context(message));
            mark(message, cell);
        }
    }

    /** Marks the message shown on request (a search hit), the one the keyboard is on, and one that names the user. */
    private void mark(ChatMessage message, MessageCell cell) {
        Node node = cell.node();
        MessageCell.toggle(node, "message-highlighted", message.key().equals(model.highlightedProperty().get()));
        boolean isSelected = message.key().equals(selected);
        MessageCell.toggle(node, "message-selected", isSelected);
        node.setAccessibleText(isSelected ? Strings.get("chat.selected.accessible", senderName(message),
                MessageCell.preview(message)) : null);
        boolean mention = model.mentionsMe(message); // the user's nickname: marked, and said in words to a screen reader
        MessageCell.toggle(cell.bubble(), "bubble-mention", mention);
        cell.bubble().setAccessibleHelp(mention ? Strings.get("room.mention") : null);
    }

    /**
     * Shift+Tab from the composer: the keyboard moves into the history, on the newest message shown. Up/Down (Home,
     * End) move, Enter, Shift+F10 or the menu key opens the message's actions, Esc or Tab goes back to the composer.
     */
    boolean focusHistory() {
        if (model.messages().isEmpty()) {
            return false;
        }
        int at = model.messages().size() - 1;
        if (!model.atBottomProperty().get() && !flow.visibleCells().isEmpty()) {
            at = Math.min(at, flow.getLastVisibleIndex());
        }
        select(at);
        flow.requestFocus();
        return true;
    }

    private void select(int at) {
        String before = selected;
        selected = model.messages().get(at).key();
        rebuild(before);
        rebuild(selected);
        flow.layout();
        if (at < flow.getFirstVisibleIndex() || at > flow.getLastVisibleIndex()) {
            model.atBottomProperty().set(false);
            flow.show(at);
        } else {
            flow.getCellIfVisible(at).ifPresent(cell -> {
                double y = cell.getNode().getLayoutY();
                if (y < 0 || y + cell.getNode().getLayoutBounds().getHeight() > flow.getHeight()) {
                    flow.show(at);
                }
            });
        }
        if (at == model.messages().size() - 1) {
            model.atBottomProperty().set(true);
        }
    }

    private void leaveHistory() {
        String before = selected;
        selected = null;
        rebuild(before);
        composer.requestFocus();
    }

    private void historyKey(KeyEvent e) {
        int at = selected == null ? -1 : indexOf(selected);
        if (at < 0) {
            if (e.getCode() == KeyCode.ESCAPE || e.getCode() == KeyCode.TAB) {
                e.consume();
                leaveHistory();
            }
            return;
        }
        switch (e.getCode()) {
            case UP -> select(Math.max(0, at - 1));
            case DOWN -> select(Math.min(model.messages().size() - 1, at + 1));
            case HOME -> select(0);
            case END -> select(model.messages().size() - 1);
            case ENTER, CONTEXT_MENU -> openActions(at);
            case F10 -> {
                if (!e.isShiftDown()) {
                    return;
                }
                openActions(at);
            }
            case ESCAPE, TAB -> leaveHistory();
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** The selected message's actions as a menu under it. */
    private void openActions(int at) {
        ChatMessage message = model.messages().get(at);
        Node anchor = flow.getCellIfVisible(at).map(Cell::getNode).orElse(flow);
        if (actionsMenu != null && actionsMenu.isShowing()) {
            return;
        }
        actionsMenu = MessageCell.keyboardMenu(message, context(message), anchor);
        actionsMenu.show(anchor, Side.BOTTOM, 24, -12);
    }

    /** Scrolls the highlighted message into sight, a third down the view, and stays there. */
    private void revealHighlighted() {
        String key = model.highlightedProperty().get();
        int at = key == null ? -1 : indexOf(key);
        if (at < 0) {
            return;
        }
        positioned = true;
        flow.layout();
        flow.showAtOffset(at, flow.getHeight() / 3);
        flow.layout();
        recordAnchor();
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
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
