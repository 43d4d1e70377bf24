package org.sotto.app.trust;

import java.util.function.Supplier;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import org.sotto.app.ui.Controls;
import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.account.Account;

/** The pieces of a chat that are about trust: the header button, the warning banners, the decide button. */
public final class ChatTrustView {
    private ChatTrustView() {
    }

    /** Opens the contact's trust dialog. */
    public static Button headerButton(ChatTrust trust, Supplier<Window> owner) {
        Button button = Controls.iconButton(Material2MZ.SECURITY, Strings.get("trust.open", trust.title()));
        button.setId("open-trust");
        button.setOnAction(e -> TrustDialog.show(trust.dialog(), owner.get()));
        return button;
    }

    /** "Decide on bob's new device…", shown while a send waits for a decision; opens exactly those devices. */
    public static Button decideButton(ChatTrust trust, Supplier<Window> owner) {
        Button button = new Button();
        button.textProperty().bind(Bindings.createStringBinding(() -> decideText(trust), trust.waitingFor()));
        button.setGraphic(new FontIcon(Material2MZ.SECURITY));
        button.setId("decide-devices");
        button.setMinWidth(Region.USE_PREF_SIZE); // the error beside it wraps instead
        button.getStyleClass().addAll("small", "accent");
        button.visibleProperty().bind(Bindings.isNotEmpty(trust.waitingFor()));
        button.managedProperty().bind(button.visibleProperty());
        button.setOnAction(e -> TrustDialog.show(trust.decision(), owner.get()));
        return button;
    }

    private static String decideText(ChatTrust trust) {
        boolean contactOnly = trust.waitingFor().stream().allMatch(d -> d.jid().equals(trust.peer()));
        int count = trust.waitingFor().size();
        if (contactOnly) {
            return count == 1 ? Strings.get("trust.decide.one", trust.title()) : Strings.get("trust.decide.many", trust.title());
        }
        return count == 1 ? Strings.get("trust.decide.own.one") : Strings.get("trust.decide.own.many");
    }

    /** The banners over the history: a new device to decide on, a changed identity key. */
    public static Node banners(ChatTrust trust, Supplier<Window> owner) {
        Label newDevice = new Label();
        newDevice.setId("new-device-banner");
        newDevice.setWrapText(true);
        newDevice.textProperty().bind(trust.newDeviceProperty());
        newDevice.setGraphic(new FontIcon(Material2MZ.SECURITY));
        newDevice.getStyleClass().add("trust-banner-text");
        Button decide = decideButton(trust, owner);
        decide.setId("banner-decide");
        HBox newDeviceBox = banner(newDevice, decide, "trust-banner-new-device");
        newDeviceBox.visibleProperty().bind(trust.newDeviceProperty().isNotEmpty());
        newDeviceBox.managedProperty().bind(newDeviceBox.visibleProperty());

        Label keyChanged = new Label();
        keyChanged.setId("key-changed-banner");
        keyChanged.setWrapText(true);
        keyChanged.textProperty().bind(trust.keyChangedProperty());
        keyChanged.setGraphic(new FontIcon(Material2MZ.WARNING));
        keyChanged.getStyleClass().addAll("trust-banner-text", "fingerprint-text");
        Button show = new Button(Strings.get("trust.banner.keyChanged.show"));
        show.getStyleClass().add("small");
        show.setOnAction(e -> TrustDialog.show(trust.dialog(), owner.get()));
        show.setMinWidth(Region.USE_PREF_SIZE);
        show.setMaxWidth(Double.MAX_VALUE);
        // one device at a time: the first whose key changed
        Button accept = new Button(Strings.get("trust.keyChange.open"));
        accept.setId("accept-new-key");
        accept.getStyleClass().add("small");
        accept.setMinWidth(Region.USE_PREF_SIZE);
        accept.setMaxWidth(Double.MAX_VALUE);
        accept.setOnAction(e -> {
            if (!trust.keyChanges().isEmpty()) {
                KeyChangeDialog.ask(trust, trust.keyChanges().get(0), owner.get());
            }
        });
        Label refused = new Label();
        refused.setId("key-change-error");
        refused.setWrapText(true);
        refused.getStyleClass().add("trust-banner-text");
        refused.textProperty().bind(trust.keyChangeErrorProperty());
        refused.visibleProperty().bind(trust.keyChangeErrorProperty().isNotEmpty());
        refused.managedProperty().bind(refused.visibleProperty());
        VBox texts = new VBox(6, keyChanged, refused);
        texts.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(texts, Priority.ALWAYS);
        HBox keyChangedBox = new HBox(12, texts, new VBox(6, accept, show));
        keyChangedBox.setAlignment(Pos.CENTER_LEFT);
        keyChangedBox.getStyleClass().addAll("trust-banner", "trust-banner-key-changed");
        keyChangedBox.visibleProperty().bind(trust.keyChangedProperty().isNotEmpty());
        keyChangedBox.managedProperty().bind(keyChangedBox.visibleProperty());
        return new VBox(newDeviceBox, keyChangedBox);
    }

    private static HBox banner(Label text, Button action, String styleClass) {
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        action.setMinWidth(Region.USE_PREF_SIZE);
        HBox box = new HBox(12, text, action);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().addAll("trust-banner", styleClass);
        return box;
    }

    /** The own account's trust dialog, from the account area (the account shown when it is pressed). */
    public static Button ownDevicesButton(Supplier<Account> account) {
        Button button = Controls.iconButton(Material2AL.FINGERPRINT, Strings.get("trust.title.own"));
        button.setId("open-own-trust");
        button.setOnAction(e -> {
            Account shown = account.get();
            if (shown != null) {
                TrustDialog.show(TrustViewModel.forJid(shown, shown.jid(), shown.jid(), UiExecutor.fx()),
                        button.getScene().getWindow());
            }
        });
        return button;
    }
}
