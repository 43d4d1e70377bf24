package org.sotto.app.settings;

import java.io.File;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import org.kordamp.ikonli.material2.Material2AL;

import org.sotto.app.account.AddAccountViewModel;
import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.Theme;
import org.sotto.core.api.account.AccountSummary;

/** The settings page: accounts, profile, appearance, notifications, privacy; binds to a {@link SettingsViewModel}. */
public final class SettingsView {
    /** The auto-lock choices in minutes; 0 is off. */
    static final List<Integer> AUTO_LOCK_MINUTES = List.of(0, 1, 5, 15, 30, 60);
    static final List<Integer> AUTO_DOWNLOAD_MIB = List.of(0, 1, 5, 10, 25, 100);

    private final SettingsViewModel model;
    private final BorderPane root = new BorderPane();
    private final VBox accountRows = new VBox(8);
    private final Button back;

    /** {@code addAccount} opens the sign-in for another account (the window's). */
    public SettingsView(SettingsViewModel model, Runnable close, Runnable addAccount) {
        this.model = model;
        UserSettings settings = model.settings();
        back = Controls.iconButton(Material2AL.ARROW_BACK, Strings.get("settings.back"));
        back.setId("settings-back");
        back.setOnAction(e -> close.run());
        Label title = new Label(Strings.get("settings.title"));
        title.getStyleClass().add("title-2");
        HBox header = new HBox(8, back, title);
        header.setAlignment(Pos.CENTER_LEFT);

        Label status = new Label();
        status.setId("settings-status");
        status.getStyleClass().add("success");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        Label error = new Label();
        error.setId("settings-error");
        error.getStyleClass().add("danger");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        for (Label label : new Label[] {status, error}) {
            label.visibleProperty().bind(label.textProperty().isNotEmpty());
            label.managedProperty().bind(label.visibleProperty());
            label.setMinHeight(Region.USE_PREF_SIZE);
        }

        model.accounts().addListener((ListChangeListener<AccountSummary>) c -> rebuildAccounts());
        rebuildAccounts();

        VBox content = new VBox(14,
                section(Strings.get("settings.accounts"), new VBox(10, accountRows, addAccountButton(addAccount))),
                section(Strings.get("settings.profile"), profileSection()),
                section(Strings.get("settings.appearance"), appearanceSection(settings)),
                section(Strings.get("settings.notifications"), notificationsSection(settings)),
                section(Strings.get("settings.privacy"), privacySection(settings)));
        content.setPadding(new Insets(4, 24, 24, 24));
        content.setMaxWidth(720);
        ScrollPane scroll = new ScrollPane(content);
        scroll.setId("settings-scroll");
        scroll.setFitToWidth(true);
        VBox top = new VBox(6, header, status, error);
        top.setPadding(new Insets(12, 24, 8, 12));
        root.setTop(top);
        root.setCenter(scroll);
        root.setId("settings-view");
    }

    private static Node section(String text, Node body) {
        Label heading = new Label(text);
        heading.getStyleClass().add("title-4");
        VBox box = new VBox(8, new Separator(), heading, body);
        return box;
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().addAll("text-muted", "text-small");
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }

    private static Button addAccountButton(Runnable addAccount) {
        Button add = new Button(Strings.get("settings.account.add"));
        add.setId("settings-add-account");
        add.setOnAction(e -> addAccount.run());
        return add;
    }

    private void rebuildAccounts() {
        accountRows.getChildren().clear();
        if (model.accounts().isEmpty()) {
            accountRows.getChildren().add(muted(Strings.get("settings.accounts.none")));
        }
        for (AccountSummary account : model.accounts()) {
            Label jid = new Label(account.jid());
            jid.getStyleClass().add("text-bold");
            Label state = muted(account.historyOnly() ? Strings.get("settings.account.historyOnly")
                    : account.enabled() ? Strings.get("settings.account.isEnabled")
                    : Strings.get("settings.account.isDisabled"));
            CheckBox enabled = new CheckBox(Strings.get("settings.account.enable"));
            enabled.setSelected(account.enabled());
            enabled.setDisable(account.historyOnly());
            enabled.setAccessibleText(Strings.get("settings.account.enableFor", account.jid()));
            enabled.setOnAction(e -> model.setEnabled(account.jid(), enabled.isSelected()));
            Button password = new Button(Strings.get("settings.account.password"));
            password.setDisable(account.historyOnly());
            password.setOnAction(e -> askPassword(account.jid()));
            Button server = new Button(Strings.get("settings.account.server"));
            server.setDisable(account.historyOnly());
            server.setOnAction(e -> askServer(account.jid()));
            Button remove = new Button(Strings.get("settings.account.remove"));
            remove.getStyleClass().add("danger");
            remove.setOnAction(e -> askRemove(account));
            // the actions on a line of their own under the account, so none is cut short in a narrow window
            HBox actions = new HBox(10, enabled, server, password, remove);
            actions.setAlignment(Pos.CENTER_LEFT);
            for (Node action : actions.getChildren()) {
                ((Region) action).setMinWidth(Region.USE_PREF_SIZE);
            }
            VBox row = new VBox(6, new VBox(2, jid, state), actions);
            row.getStyleClass().add("settings-account");
            row.setUserData(account.jid());
            accountRows.getChildren().add(row);
            if (!account.historyOnly()) {
                for (TrustChoice choice : TrustChoice.values()) {
                    VBox trust = new VBox(2, trustChoice(account.jid(), choice),
                            muted(Strings.of("settings.trust.explain", choice)));
                    trust.setPadding(new Insets(0, 0, 6, 0));
                    accountRows.getChildren().add(trust);
                }
            }
        }
    }

    /** A trust choice's switch: shows the stored choice and changes only once the new one is stored. */
    private CheckBox trustChoice(String jid, TrustChoice choice) {
        CheckBox box = new CheckBox(Strings.of("settings.trust", choice));
        box.getStyleClass().add(choice.styleClass);
        box.setAccessibleText(Strings.of("settings.trust.for", choice, jid));
        box.setTooltip(new Tooltip(Strings.of("settings.trust.explain", choice)));
        ReadOnlyBooleanProperty stored = model.trustChoiceProperty(jid, choice);
        box.setSelected(stored.get());
        stored.addListener((obs, old, now) -> box.setSelected(now));
        box.setOnAction(e -> {
            boolean wanted = box.isSelected();
            box.setSelected(stored.get());
            model.setTrustChoice(jid, choice, wanted);
        });
        return box;
    }

    private void askServer(String jid) {
        String[] current = model.server(jid);
        Dialog<String[]> dialog = new Dialog<>();
        dialog.initOwner(root.getScene().getWindow());
        dialog.setTitle(Strings.get("settings.account.server"));
        dialog.setHeaderText(Strings.get("settings.server.explain", jid));
        TextField host = new TextField(current[0]);
        host.setPromptText(Strings.get("account.host"));
        host.setAccessibleText(Strings.get("account.host"));
        TextField port = new TextField(current[1]);
        String portPrompt = Strings.get("account.port", String.valueOf(AddAccountViewModel.DEFAULT_PORT));
        port.setPromptText(portPrompt);
        port.setAccessibleText(portPrompt);
        port.setPrefColumnCount(6);
        HBox fields = new HBox(8, host, port);
        HBox.setHgrow(host, Priority.ALWAYS);
        dialog.getDialogPane().setContent(fields);
        ButtonType save = new ButtonType(Strings.get("settings.server.save"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);
        dialog.setResultConverter(button -> button == save ? new String[] {host.getText(), port.getText()} : null);
        dialog.showAndWait().ifPresent(chosen -> model.changeServer(jid, chosen[0], chosen[1]));
    }

    private void askPassword(String jid) {
        Dialog<String> dialog = new Dialog<>();
        dialog.initOwner(root.getScene().getWindow());
        dialog.setTitle(Strings.get("settings.account.password"));
        dialog.setHeaderText(Strings.get("settings.password.explain", jid));
        PasswordField field = new PasswordField();
        field.setPromptText(Strings.get("settings.password.new"));
        field.setAccessibleText(Strings.get("settings.password.new"));
        dialog.getDialogPane().setContent(field);
        ButtonType onServer = new ButtonType(Strings.get("settings.password.onServer"), ButtonBar.ButtonData.OK_DONE);
        ButtonType saveOnly = new ButtonType(Strings.get("settings.password.save"), ButtonBar.ButtonData.OTHER);
        dialog.getDialogPane().getButtonTypes().addAll(onServer, saveOnly, ButtonType.CANCEL);
        AtomicBoolean changeOnServer = new AtomicBoolean();
        dialog.setResultConverter(button -> {
            changeOnServer.set(button == onServer);
            return button == onServer || button == saveOnly ? field.getText() : null;
        });
        dialog.showAndWait().ifPresent(text -> {
            if (changeOnServer.get()) {
                model.changePasswordOnServer(jid, text);
            } else {
                model.changePassword(jid, text);
            }
        });
    }

    private void askRemove(AccountSummary account) {
        ButtonType keep = new ButtonType(Strings.get("settings.remove.keep"), ButtonBar.ButtonData.OTHER);
        ButtonType all = new ButtonType(Strings.get("settings.remove.all"), ButtonBar.ButtonData.OTHER);
        ButtonType cancel = new ButtonType(Strings.get("settings.remove.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", account.historyOnly() ? new ButtonType[] {all, cancel}
                : new ButtonType[] {keep, all, cancel});
        alert.initOwner(root.getScene().getWindow());
        alert.setTitle(Strings.get("settings.account.remove"));
        alert.setHeaderText(Strings.get("settings.remove.question", account.jid()));
        Label text = new Label(Strings.get("settings.remove.explain"));
        text.setWrapText(true);
        alert.getDialogPane().setContent(text);
        ((Button) alert.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        alert.getDialogPane().getButtonTypes().forEach(type -> {
            if (type != cancel) {
                ((Button) alert.getDialogPane().lookupButton(type)).setDefaultButton(false);
            }
        });
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.isPresent() && answer.get() == keep) {
            model.remove(account.jid(), true);
        } else if (answer.isPresent() && answer.get() == all) {
            model.remove(account.jid(), false);
        }
    }

    private Node profileSection() {
        Label location = muted(model.location());
        location.setId("settings-location");
        if (!model.canChangePassphrase()) {
            return location;
        }
        PasswordField current = passwordField("settings-passphrase-current", Strings.get("settings.passphrase.current"));
        PasswordField next = passwordField("settings-passphrase-new", Strings.get("settings.passphrase.new"));
        PasswordField repeated = passwordField("settings-passphrase-repeated", Strings.get("settings.passphrase.repeat"));
        Button change = new Button(Strings.get("settings.passphrase.change"));
        change.setId("settings-passphrase-change");
        change.disableProperty().bind(model.busyProperty());
        change.setOnAction(e -> {
            model.changePassphrase(current.getText().toCharArray(), next.getText().toCharArray(),
                    repeated.getText().toCharArray());
            current.clear();
            next.clear();
            repeated.clear();
        });
        Button backup = new Button(Strings.get("settings.backup"));
        backup.setId("settings-backup");
        backup.disableProperty().bind(model.busyProperty());
        backup.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(Strings.get("settings.backup.choose"));
            chooser.setInitialFileName("sotto-backup");
            File target = chooser.showSaveDialog(root.getScene().getWindow());
            if (target != null) {
                model.backupTo(target.toPath());
            }
        });
        VBox passphrase = new VBox(8, current, next, repeated, change);
        passphrase.setMaxWidth(320);
        return new VBox(8, location, passphrase, muted(Strings.get("settings.backup.explain")), backup);
    }

    private static PasswordField passwordField(String id, String text) {
        PasswordField field = new PasswordField();
        field.setId(id);
        field.setPromptText(text);
        field.setAccessibleText(text);
        return field;
    }

    private static Node appearanceSection(UserSettings settings) {
        ComboBox<Theme.Choice> theme = new ComboBox<>();
        theme.setId("settings-theme");
        theme.getItems().setAll(Theme.Choice.values());
        theme.setConverter(converter(choice -> Strings.of("settings.theme", choice)));
        theme.valueProperty().bindBidirectional(Theme.choice());
        theme.setAccessibleText(Strings.get("settings.theme"));
        Spinner<Integer> font = new Spinner<>(UserSettings.MIN_FONT_SIZE, UserSettings.MAX_FONT_SIZE,
                settings.fontSizeProperty().get());
        font.setId("settings-font-size");
        font.setAccessibleText(Strings.get("settings.fontSize"));
        font.valueProperty().addListener((obs, old, value) -> settings.fontSizeProperty().set(value));
        return new VBox(8, labelled(Strings.get("settings.theme"), theme), labelled(Strings.get("settings.fontSize"), font));
    }

    private static Node labelled(String text, Node control) {
        Label label = new Label(text);
        label.setLabelFor(control);
        label.setMinWidth(180);
        HBox row = new HBox(10, label, control);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static Node notificationsSection(UserSettings settings) {
        CheckBox on = check("settings-notifications", Strings.get("settings.notifications.on"), settings.notificationsProperty());
        CheckBox sender = check("settings-show-sender", Strings.get("settings.notifications.sender"),
                settings.showSenderProperty());
        CheckBox text = check("settings-show-text", Strings.get("settings.notifications.text"), settings.showTextProperty());
        CheckBox quiet = check("settings-dnd", Strings.get("settings.notifications.dnd"), settings.doNotDisturbProperty());
        sender.disableProperty().bind(settings.notificationsProperty().not());
        text.disableProperty().bind(Bindings.or(settings.notificationsProperty().not(),
                settings.showSenderProperty().not()));
        quiet.disableProperty().bind(settings.notificationsProperty().not());
        return new VBox(8, on, sender, text, muted(Strings.get("settings.notifications.explain")), quiet);
    }

    private static Node privacySection(UserSettings settings) {
        CheckBox typing = check("settings-typing", Strings.get("settings.privacy.typing"), settings.sendTypingProperty());
        CheckBox readMarkers = check("settings-read-markers", Strings.get("settings.privacy.readMarkers"),
                settings.sendReadMarkersProperty());
        ComboBox<Integer> autoLock = new ComboBox<>();
        autoLock.setId("settings-auto-lock");
        autoLock.getItems().setAll(AUTO_LOCK_MINUTES);
        if (!AUTO_LOCK_MINUTES.contains(settings.autoLockMinutesProperty().get())) {
            autoLock.getItems().add(settings.autoLockMinutesProperty().get());
        }
        autoLock.setConverter(converter(minutes -> minutes == 0 ? Strings.get("settings.autoLock.off")
                : Strings.get("settings.autoLock.minutes", minutes)));
        autoLock.setValue(settings.autoLockMinutesProperty().get());
        autoLock.valueProperty().addListener((obs, old, value) -> settings.autoLockMinutesProperty().set(value));
        autoLock.setAccessibleText(Strings.get("settings.autoLock"));
        ComboBox<Integer> download = new ComboBox<>();
        download.setId("settings-auto-download");
        download.getItems().setAll(AUTO_DOWNLOAD_MIB);
        if (!AUTO_DOWNLOAD_MIB.contains(settings.autoDownloadMiBProperty().get())) {
            download.getItems().add(settings.autoDownloadMiBProperty().get());
        }
        download.setConverter(converter(mib -> mib == 0 ? Strings.get("file.settings.autoDownload.off")
                : Strings.get("file.settings.autoDownload.size", mib)));
        download.setValue(settings.autoDownloadMiBProperty().get());
        download.valueProperty().addListener((obs, old, value) -> settings.autoDownloadMiBProperty().set(value));
        download.setAccessibleText(Strings.get("file.settings.autoDownload"));
        return new VBox(8, typing, readMarkers, labelled(Strings.get("settings.autoLock"), autoLock),
                muted(Strings.get("settings.autoLock.explain")),
                labelled(Strings.get("file.settings.autoDownload"), download),
                muted(Strings.get("file.settings.autoDownload.explain")));
    }

    private static CheckBox check(String id, String text, BooleanProperty property) {
        CheckBox box = new CheckBox(text);
        box.setId(id);
        box.setWrapText(true);
        box.selectedProperty().bindBidirectional(property);
        return box;
    }

    private static <T> StringConverter<T> converter(Function<T, String> words) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : words.apply(value);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException();
            }
        };
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        back.requestFocus();
    }
}
