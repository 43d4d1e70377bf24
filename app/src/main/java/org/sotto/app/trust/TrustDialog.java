package org.sotto.app.trust;

import java.io.File;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.trust.Device;
import org.sotto.core.api.trust.TrustDecision;

/**
 * The trust dialog of one contact, of the own account, or of the devices a send waits for: each device with its
 * name, id, OMEMO versions, fingerprint (copyable), its state in words, whether it is active and when it was last
 * seen; verify, trust and distrust (asked first), each explained in a sentence; comparing a fingerprint side by side
 * with the user's own; and verifying by a pasted or dropped {@code xmpp:} URI.
 */
public final class TrustDialog {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM,
            FormatStyle.SHORT);

    private final TrustViewModel model;
    private final Dialog<Void> dialog = new Dialog<>();
    private final VBox rows = new VBox(10);
    private final ObjectProperty<Device> comparing = new SimpleObjectProperty<>();
    private final TextField paste = new TextField();

    private TrustDialog(TrustViewModel model, Window owner) {
        this.model = model;
        String title = model.isDecision() ? Strings.get("trust.title.decision", model.title())
                : model.isOwn() ? Strings.get("trust.title.own") : Strings.get("trust.title.contact", model.title());
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        dialog.setResizable(true);
        if (owner != null) {
            dialog.initOwner(owner);
            if (owner.getScene() != null) {
                dialog.getDialogPane().getStylesheets().addAll(owner.getScene().getStylesheets());
                dialog.getDialogPane().getStyleClass().addAll(owner.getScene().getRoot().getStyleClass().stream()
                        .filter(c -> c.startsWith("theme-")).toList());
            }
        }
        dialog.getDialogPane().getStyleClass().add("trust-dialog");
        dialog.getDialogPane().setId("trust-dialog");

        Label explanation = new Label(model.isDecision() ? Strings.get("trust.explain.decision", model.title())
                : model.isOwn() ? Strings.get("trust.explain.own") : Strings.get("trust.explain.contact", model.title()));
        explanation.setWrapText(true);
        VBox legend = new VBox(2, legendLine(Strings.get("trust.action.verify"), Strings.get("trust.means.verify")),
                legendLine(Strings.get("trust.action.trust"), Strings.get("trust.means.trust")),
                legendLine(Strings.get("trust.action.distrust"), Strings.get("trust.means.distrust")));
        legend.getStyleClass().add("trust-legend");

        Label message = new Label();
        message.setId("trust-message");
        message.setWrapText(true);
        message.setMaxWidth(Double.MAX_VALUE);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        Runnable styleMessage = () -> {
            message.getStyleClass().removeAll("trust-message-error", "trust-message-ok");
            message.getStyleClass().add(model.messageIsErrorProperty().get() ? "trust-message-error" : "trust-message-ok");
            message.setGraphic(new FontIcon(model.messageIsErrorProperty().get() ? Material2MZ.WARNING
                    : Material2MZ.VERIFIED_USER));
        };
        model.messageProperty().addListener((obs, old, next) -> styleMessage.run());
        styleMessage.run();

        VBox content = new VBox(12, explanation, legend, message);
        if (model.isOwn()) {
            content.getChildren().add(thisDevice());
        }
        if (!model.isDecision()) {
            content.getChildren().add(blindTrust());
        }
        Label none = new Label(Strings.get("trust.none"));
        none.getStyleClass().add("text-muted");
        Runnable fill = () -> {
            rows.getChildren().clear();
            for (Device device : model.devices()) {
                if (!device.thisDevice()) {
                    rows.getChildren().add(row(device));
                }
            }
            if (rows.getChildren().isEmpty()) {
                rows.getChildren().add(none);
            }
        };
        model.devices().addListener((ListChangeListener<Device>) change -> fill.run());
        fill.run();
        Label listTitle = new Label(model.isOwn() ? Strings.get("trust.own.others") : Strings.get("trust.devices"));
        listTitle.getStyleClass().add("title-4");
        content.getChildren().addAll(listTitle, rows, compare());
        if (!model.isDecision()) {
            content.getChildren().add(byUri());
        }
        content.setPadding(new Insets(4, 4, 4, 4));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(560);
        scroll.setPrefViewportWidth(700);
        scroll.getStyleClass().add("edge-to-edge");
        dialog.getDialogPane().setContent(scroll);
        dialog.getDialogPane().setPrefWidth(740);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.getDialogPane().lookupButton(ButtonType.CLOSE).setId("trust-close");
        content.setOnDragOver(this::dragOver);
        content.setOnDragDropped(this::dropped);
    }

    /** Opens the dialog (not modal for the rest of the app's windows' sake: it is owned by the main window). */
    public static TrustDialog show(TrustViewModel model, Window owner) {
        TrustDialog view = new TrustDialog(model, owner);
        model.load();
        view.dialog.show();
        return view;
    }

    /** Puts {@code text} (an {@code xmpp:} URI from the command line) into the verify field, to be confirmed. */
    public void offer(String text) {
        paste.setText(text);
        paste.requestFocus();
    }

    public Dialog<Void> dialog() {
        return dialog;
    }

    private static Node legendLine(String action, String means) {
        Label bold = new Label(action);
        bold.getStyleClass().add("text-bold");
        bold.setMinWidth(Region.USE_PREF_SIZE);
        Label text = new Label(means);
        text.setWrapText(true);
        HBox line = new HBox(6, bold, text);
        HBox.setHgrow(text, Priority.ALWAYS);
        return line;
    }

    /** The own account: this device's fingerprint, its URI to copy (and its QR code, to be scanned). */
    private Node thisDevice() {
        Label heading = new Label(Strings.get("trust.own.this"));
        heading.getStyleClass().add("title-4");
        Label fingerprint = fingerprintLabel();
        fingerprint.setId("own-fingerprint");
        fingerprint.textProperty().bind(Bindings.createStringBinding(() -> twoLines(model.ownFingerprintProperty().get()),
                model.ownFingerprintProperty()));
        Button copy = copyButton(model.ownFingerprintProperty()::get, Strings.get("trust.copy.fingerprint"));
        Button copyUri = new Button(Strings.get("trust.copy.uri"), new FontIcon(Material2AL.CONTENT_COPY));
        copyUri.setId("copy-uri");
        copyUri.getStyleClass().add("small");
        copyUri.setOnAction(e -> copy(model.ownUriProperty().get()));
        HBox line = new HBox(6, fingerprint, copy);
        line.setAlignment(Pos.CENTER_LEFT);
        Label scan = new Label(Strings.get("trust.own.scan"));
        scan.setWrapText(true);
        scan.getStyleClass().add("text-muted");
        VBox left = new VBox(8, heading, line, copyUri, scan);
        HBox.setHgrow(left, Priority.ALWAYS);
        QrView qr = new QrView(200);
        qr.setId("own-qr");
        qr.setAccessibleText(Strings.get("trust.own.qr"));
        model.ownUriProperty().addListener((obs, old, uri) -> qr.show(uri));
        qr.show(model.ownUriProperty().get());
        HBox box = new HBox(16, left, qr);
        box.getStyleClass().add("trust-device");
        return box;
    }

    /** The contact's switch, or on the own account the default for contacts without their own choice. */
    private Node blindTrust() {
        CheckBox blind = new CheckBox(model.isOwn() ? Strings.get("trust.blind.default")
                : Strings.get("trust.blind.contact", model.title()));
        blind.setId("blind-trust");
        blind.setWrapText(true);
        BooleanProperty shown = new SimpleBooleanProperty();
        shown.bind(model.isOwn() ? model.defaultBlindTrustProperty() : model.blindTrustProperty());
        blind.setSelected(shown.get());
        shown.addListener((obs, old, on) -> blind.setSelected(on));
        blind.selectedProperty().addListener((obs, old, on) -> model.setBlindTrust(on));
        blind.disableProperty().bind(model.busyProperty());
        Label rule = new Label(Strings.get("trust.blind.rule"));
        rule.setWrapText(true);
        rule.getStyleClass().addAll("text-muted", "text-small");
        VBox box = new VBox(4, blind, rule);
        box.getStyleClass().add("trust-blind");
        box.getProperties().put("shown", shown); // keeps the binding alive with the box
        return box;
    }

    private Node row(Device device) {
        Label name = new Label(name(device));
        name.getStyleClass().add("text-bold");
        Label state = new Label(state(device));
        state.getStyleClass().addAll("trust-state", "trust-state-" + stateClass(device));
        state.setId("state-" + device.deviceId());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(8, name, grow, state);
        top.setAlignment(Pos.CENTER_LEFT);

        Label details = new Label(details(device));
        details.getStyleClass().addAll("text-muted", "text-small");
        details.setWrapText(true);

        Label fingerprint = fingerprintLabel();
        fingerprint.setText(device.fingerprint().map(TrustDialog::twoLines)
                .orElse(Strings.get("trust.fingerprint.unknown")));
        fingerprint.setId("fingerprint-" + device.deviceId());
        HBox fingerprintLine = new HBox(6, fingerprint);
        fingerprintLine.setAlignment(Pos.CENTER_LEFT);
        device.fingerprint().ifPresent(f -> fingerprintLine.getChildren().add(
                copyButton(() -> f, Strings.get("trust.copy.fingerprint"))));

        HBox actions = new HBox(8);
        actions.setAlignment(Pos.CENTER_LEFT);
        boolean keyKnown = device.fingerprint().isPresent() && device.trust().isPresent();
        Optional<TrustDecision> decision = device.trust();
        if (keyKnown) {
            Button verify = action(Strings.get("trust.action.verify"), Strings.get("trust.means.verify"), "verify-" + device.deviceId());
            verify.getStyleClass().add("accent");
            verify.setGraphic(new FontIcon(Material2MZ.VERIFIED_USER));
            verify.setOnAction(e -> {
                comparing.set(device);
                model.clearMessage();
            });
            verify.setDisable(decision.get() == TrustDecision.VERIFIED);
            Button trustButton = action(Strings.get("trust.action.trust"), Strings.get("trust.means.trust"), "trust-" + device.deviceId());
            trustButton.setOnAction(e -> model.decide(device, TrustDecision.TRUSTED_BLIND));
            trustButton.setDisable(decision.get() == TrustDecision.TRUSTED_BLIND);
            Button distrust = action(Strings.get("trust.action.distrust"), Strings.get("trust.means.distrust"),
                    "distrust-" + device.deviceId());
            distrust.getStyleClass().add("danger");
            distrust.setOnAction(e -> {
                if (confirmDistrust(device)) {
                    model.decide(device, TrustDecision.DISTRUSTED);
                }
            });
            distrust.setDisable(decision.get() == TrustDecision.DISTRUSTED);
            actions.getChildren().addAll(verify, trustButton, distrust);
        }
        if (model.isOwn() && !device.thisDevice()) {
            Button remove = action(Strings.get("trust.own.remove"), Strings.get("trust.own.remove.means"), "remove-" + device.deviceId());
            remove.setGraphic(new FontIcon(Material2AL.DELETE_OUTLINE));
            remove.setOnAction(e -> {
                if (confirmRemove(device)) {
                    model.removeOwnDevice(device);
                }
            });
            actions.getChildren().add(remove);
        }
        actions.disableProperty().bind(model.busyProperty());
        VBox box = new VBox(4, top, details, fingerprintLine, actions);
        box.getStyleClass().add("trust-device");
        if (decision.isPresent() && decision.get() == TrustDecision.UNDECIDED && device.active()) {
            box.getStyleClass().add("trust-device-undecided");
        }
        box.setId("device-" + device.deviceId());
        return box;
    }

    private static Button action(String words, String means, String id) {
        Button button = new Button(words);
        button.setId(id);
        button.getStyleClass().add("small");
        button.setTooltip(new Tooltip(means));
        return button;
    }

    /**
     * Side by side: the device's fingerprint beside a field for what the contact's client shows (compared ignoring
     * spaces and case, match or mismatch shown loudly), and the user's own fingerprint for the contact to compare.
     */
    private Node compare() {
        Label heading = new Label();
        heading.getStyleClass().add("title-4");
        heading.textProperty().bind(Bindings.createStringBinding(() -> comparing.get() == null ? ""
                : Strings.get("trust.compare.title", name(comparing.get())), comparing));
        Label theirs = fingerprintLabel();
        theirs.setId("compare-theirs");
        theirs.textProperty().bind(Bindings.createStringBinding(() -> comparing.get() == null ? ""
                : twoLines(comparing.get().fingerprint().orElse("")), comparing));
        TextField typed = new TextField();
        typed.setId("compare-field");
        typed.setPromptText(Strings.get("trust.compare.prompt", model.title()));
        typed.setAccessibleText(Strings.get("trust.compare.prompt", model.title()));
        typed.getStyleClass().add("fingerprint");
        Label result = new Label();
        result.setId("compare-result");
        result.setWrapText(true);
        Button markVerified = new Button(Strings.get("trust.compare.mark"), new FontIcon(Material2MZ.VERIFIED_USER));
        markVerified.setId("compare-verify");
        markVerified.getStyleClass().add("success");
        Runnable check = () -> {
            Device device = comparing.get();
            TrustViewModel.Comparison comparison = device == null ? TrustViewModel.Comparison.EMPTY
                    : TrustViewModel.compare(device.fingerprint().orElse(""), typed.getText());
            result.getStyleClass().removeAll("trust-message-error", "trust-message-ok");
            result.setGraphic(null);
            switch (comparison) {
                case EMPTY -> result.setText(Strings.get("trust.compare.empty"));
                case MATCH -> {
                    result.setText(Strings.get("trust.compare.match"));
                    result.getStyleClass().add("trust-message-ok");
                    result.setGraphic(new FontIcon(Material2MZ.VERIFIED_USER));
                }
                case MISMATCH -> {
                    result.setText(Strings.get("trust.compare.mismatch"));
                    result.getStyleClass().add("trust-message-error");
                    result.setGraphic(new FontIcon(Material2MZ.WARNING));
                }
            }
            markVerified.setDisable(comparison != TrustViewModel.Comparison.MATCH);
        };
        typed.textProperty().addListener((obs, old, next) -> check.run());
        comparing.addListener((obs, old, next) -> {
            typed.clear();
            check.run();
        });
        check.run();
        markVerified.setOnAction(e -> model.decide(comparing.get(), TrustDecision.VERIFIED)
                .thenRun(() -> Platform.runLater(() -> comparing.set(null))));
        VBox left = new VBox(6, heading, theirs, typed, result, markVerified);
        HBox.setHgrow(left, Priority.ALWAYS);
        left.setPrefWidth(340);

        Label mineHeading = new Label(Strings.get("trust.compare.mine", model.title()));
        mineHeading.getStyleClass().add("title-4");
        mineHeading.setWrapText(true);
        Label mine = fingerprintLabel();
        mine.setId("compare-mine");
        mine.textProperty().bind(Bindings.createStringBinding(() -> twoLines(model.ownFingerprintProperty().get()),
                model.ownFingerprintProperty()));
        QrView qr = new QrView(150);
        qr.setId("compare-qr");
        qr.setAccessibleText(Strings.get("trust.own.qr"));
        model.ownUriProperty().addListener((obs, old, uri) -> qr.show(uri));
        qr.show(model.ownUriProperty().get());
        VBox right = new VBox(6, mineHeading, mine, qr);
        right.setPrefWidth(300);
        HBox box = new HBox(16, left, right);
        box.getStyleClass().add("trust-compare");
        box.setId("trust-compare");
        box.visibleProperty().bind(comparing.isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /** Paste or drop an {@code xmpp:} URI (or a fingerprint): every matching device of this JID is verified. */
    private Node byUri() {
        Label heading = new Label(Strings.get("trust.uri.title"));
        heading.getStyleClass().add("title-4");
        Label hint = new Label(Strings.get("trust.uri.hint", model.title()));
        hint.setWrapText(true);
        hint.getStyleClass().add("text-muted");
        paste.setId("verify-uri");
        paste.setPromptText(Strings.get("trust.uri.prompt"));
        paste.setAccessibleText(Strings.get("trust.uri.prompt"));
        Button verify = new Button(Strings.get("trust.uri.verify"), new FontIcon(Material2MZ.VERIFIED_USER));
        verify.setId("verify-uri-button");
        verify.disableProperty().bind(paste.textProperty().isEmpty().or(model.busyProperty()));
        verify.setOnAction(e -> model.verifyText(paste.getText()).thenRun(() -> Platform.runLater(
                () -> {
                    if (!model.messageIsErrorProperty().get()) {
                        paste.clear();
                    }
                })));
        paste.setOnAction(e -> verify.fire());
        Button open = new Button(Strings.get("trust.qr.open"), new FontIcon(Material2AL.IMAGE));
        open.setId("open-qr-image");
        open.disableProperty().bind(model.busyProperty());
        open.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(Strings.get("trust.qr.open"));
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(Strings.get("trust.qr.images"),
                    "*.png", "*.jpg", "*.jpeg", "*.gif", "*.bmp"));
            File file = chooser.showOpenDialog(dialog.getDialogPane().getScene().getWindow());
            if (file != null) {
                model.verifyImageFile(file);
            }
        });
        HBox line = new HBox(6, paste, verify, open);
        HBox.setHgrow(paste, Priority.ALWAYS);
        VBox box = new VBox(6, heading, hint, line);
        box.getStyleClass().add("trust-uri");
        return box;
    }

    private void dragOver(DragEvent event) {
        if (event.getDragboard().hasString() || event.getDragboard().hasUrl() || event.getDragboard().hasFiles()) {
            event.acceptTransferModes(TransferMode.COPY);
        }
        event.consume();
    }

    private void dropped(DragEvent event) {
        if (event.getDragboard().hasFiles() && !event.getDragboard().getFiles().isEmpty()) {
            model.verifyImageFile(event.getDragboard().getFiles().get(0));
            event.setDropCompleted(true);
            event.consume();
            return;
        }
        String text = event.getDragboard().hasUrl() ? event.getDragboard().getUrl() : event.getDragboard().getString();
        boolean done = text != null && !text.isBlank();
        if (done) {
            paste.setText(text.strip());
            model.verifyText(text);
        }
        event.setDropCompleted(done);
        event.consume();
    }

    private boolean confirmDistrust(Device device) {
        ButtonType distrust = new ButtonType(Strings.get("trust.distrust.confirm"), ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.WARNING, Strings.get("trust.distrust.question.text", name(device),
                model.title()), distrust, ButtonType.CANCEL);
        return ask(alert, distrust, "confirm-distrust", Strings.get("trust.distrust.question.title"));
    }

    private boolean confirmRemove(Device device) {
        ButtonType remove = new ButtonType(Strings.get("trust.own.remove"), ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.WARNING, Strings.get("trust.own.remove.question", String.valueOf(device.deviceId())),
                remove, ButtonType.CANCEL);
        return ask(alert, remove, "confirm-remove", Strings.get("trust.own.remove.title"));
    }

    /** Cancel is the default: an Enter pressed by habit changes nothing. */
    private boolean ask(Alert alert, ButtonType yes, String id, String title) {
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.initOwner(dialog.getDialogPane().getScene().getWindow());
        alert.getDialogPane().getStylesheets().addAll(dialog.getDialogPane().getStylesheets());
        alert.getDialogPane().getStyleClass().addAll(dialog.getDialogPane().getStyleClass().stream()
                .filter(c -> c.startsWith("theme-")).toList());
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        Button confirm = (Button) alert.getDialogPane().lookupButton(yes);
        confirm.setDefaultButton(false);
        confirm.setId(id);
        return alert.showAndWait().filter(yes::equals).isPresent();
    }

    /** 8 groups of 8 hex digits as two lines of four, the way they are read out and compared. */
    static String twoLines(String fingerprint) {
        String[] groups = fingerprint.strip().split("\\s+");
        if (groups.length != 8) {
            return fingerprint;
        }
        return String.join(" ", List.of(groups).subList(0, 4)) + "\n" + String.join(" ", List.of(groups).subList(4, 8));
    }

    private static Label fingerprintLabel() {
        Label label = new Label();
        label.getStyleClass().add("fingerprint");
        label.setWrapText(true);
        return label;
    }

    private static Button copyButton(Supplier<String> text, String words) {
        Button button = Controls.iconButton(Material2AL.CONTENT_COPY, words);
        button.setOnAction(e -> copy(text.get()));
        return button;
    }

    private static void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** "Phone (device 1234)", or "Device 1234" without a label; the owner's address when it is the own account. */
    static String name(Device device) {
        String id = String.valueOf(device.deviceId());
        return device.label().map(label -> Strings.get("trust.device.labelled", label, id))
                .orElse(Strings.get("trust.device", id));
    }

    static String state(Device device) {
        if (device.thisDevice()) {
            return Strings.get("trust.state.this");
        }
        if (device.trust().isEmpty() || device.fingerprint().isEmpty()) {
            return Strings.get("trust.state.unknown");
        }
        return switch (device.trust().get()) {
            case VERIFIED -> Strings.get("trust.state.verified");
            case TRUSTED_BLIND -> Strings.get("trust.state.trusted");
            case UNDECIDED -> Strings.get("trust.state.undecided");
            case DISTRUSTED -> Strings.get("trust.state.distrusted");
        };
    }

    private static String stateClass(Device device) {
        return device.trust().map(t -> t.name().toLowerCase()).orElse("unknown");
    }

    /** "OMEMO 0.3, 2 · active · last message … · last listed …" (the id too when the name is a label). */
    static String details(Device device) {
        List<String> parts = new ArrayList<>();
        if (device.label().isPresent()) {
            parts.add(Strings.get("trust.detail.id", String.valueOf(device.deviceId())));
        }
        if (!device.versions().isEmpty()) {
            parts.add(Strings.get("trust.detail.versions", String.join(", ", new TreeSet<>(device.versions()))));
        }
        parts.add(device.active() ? Strings.get("trust.detail.active") : Strings.get("trust.detail.inactive"));
        StringBuilder text = new StringBuilder(String.join(" · ", parts));
        device.lastMessage().ifPresent(last -> text.append(" · ").append(Strings.get("trust.detail.lastMessage",
                when(last))));
        device.lastSeen().ifPresent(seen -> text.append(" · ").append(Strings.get("trust.detail.lastSeen", when(seen))));
        return text.toString();
    }

    static String when(Instant instant) {
        return WHEN.format(instant.atZone(ZoneId.systemDefault()));
    }
}
