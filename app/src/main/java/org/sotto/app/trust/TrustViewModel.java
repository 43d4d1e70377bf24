package org.sotto.app.trust;

import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;

import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.NotConnectedException;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.trust.Device;
import org.sotto.core.api.trust.QrCode;
import org.sotto.core.api.trust.Trust;
import org.sotto.core.api.trust.TrustDecision;
import org.sotto.core.api.trust.TrustException;
import org.sotto.core.api.trust.VerificationUri;

/**
 * The devices of one contact or of the own account, the user's decisions about them and verification: by comparing
 * a fingerprint, or by a scanned or pasted {@code xmpp:} URI. Or, for a send that waits for a decision, exactly the
 * devices it waits for ({@link #forDevices}). Store reads and core's calls run off the JavaFX thread; every answer
 * comes back through the {@link UiExecutor}. A refused action says why in {@link #messageProperty()} and changes
 * nothing.
 */
public final class TrustViewModel {
    /** One device by its owner and id. */
    public record DeviceKey(String jid, int deviceId) {
        static DeviceKey of(Device device) {
            return new DeviceKey(device.jid(), device.deviceId());
        }
    }

    /** What comparing a typed fingerprint with a device's found. */
    public enum Comparison { EMPTY, MATCH, MISMATCH }

    private final Account account;
    private final Trust trust;
    private final String jid;
    private final String title;
    private final Set<DeviceKey> only;
    private final UiExecutor ui;
    private final ObservableList<Device> devices = FXCollections.observableArrayList();
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty messageIsError = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty ownFingerprint = new SimpleStringProperty("");
    private final StringProperty ownUri = new SimpleStringProperty("");
    private final BooleanProperty blindTrust = new SimpleBooleanProperty();
    private final BooleanProperty defaultBlindTrust = new SimpleBooleanProperty(true);
    private final List<Runnable> changeListeners = new ArrayList<>();

    private TrustViewModel(Account account, String jid, String title, Set<DeviceKey> only, UiExecutor ui) {
        this.account = Objects.requireNonNull(account);
        this.trust = account.trust();
        this.jid = Objects.requireNonNull(jid);
        this.title = Objects.requireNonNull(title);
        this.only = Set.copyOf(only);
        this.ui = Objects.requireNonNull(ui);
    }

    /** Every device of {@code jid} (a contact, or the own account: then this device first). */
    public static TrustViewModel forJid(Account account, String jid, String title, UiExecutor ui) {
        return new TrustViewModel(account, jid, title, Set.of(), ui);
    }

    /** Exactly {@code devices} (a send waits for them), of {@code peer}'s chat. */
    public static TrustViewModel forDevices(Account account, String peer, String title, List<Device> devices,
                                            UiExecutor ui) {
        Set<DeviceKey> keys = new LinkedHashSet<>();
        devices.forEach(d -> keys.add(DeviceKey.of(d)));
        return new TrustViewModel(account, peer, title, keys, ui);
    }

    /** Shows the devices as the profile knows them, then as fetched now (online). */
    public void load() {
        busy.set(true);
        CompletableFuture.runAsync(() -> {
            List<Device> known = known();
            // shown in every dialog: the contact compares it with what their client shows
            String fingerprint = trust.ownFingerprint();
            String uri = trust.ownUri();
            boolean blind = trust.blindTrust(jid);
            boolean blindByDefault = trust.defaultBlindTrust();
            ui.execute(() -> {
                devices.setAll(known);
                ownFingerprint.set(fingerprint);
                ownUri.set(uri);
                blindTrust.set(blind);
                defaultBlindTrust.set(blindByDefault);
            });
        }, Background.EXECUTOR).thenCompose(shown -> CompletableFuture.allOf(jids().stream().map(trust::refresh)
                .toArray(CompletableFuture[]::new))).whenCompleteAsync((done, failure) -> {
                    List<Device> fresh = failure == null ? known() : null;
                    ui.execute(() -> {
                        busy.set(false);
                        if (fresh != null) {
                            devices.setAll(fresh);
                        } else if (unwrap(failure) instanceof NotConnectedException) {
                            say(Strings.get("trust.offline"), false);
                        } else {
                            say(describe(failure), true);
                        }
                    });
                }, Background.EXECUTOR);
    }

    private List<String> jids() {
        if (only.isEmpty()) {
            return List.of(jid);
        }
        return only.stream().map(DeviceKey::jid).distinct().toList();
    }

    /** Off the JavaFX thread: the devices shown, this device first, then active ones, then by id. */
    private List<Device> known() {
        List<Device> all = new ArrayList<>();
        for (String owner : jids()) {
            for (Device device : trust.knownDevices(owner)) {
                if (only.isEmpty() || only.contains(DeviceKey.of(device))) {
                    all.add(device);
                }
            }
        }
        all.sort(Comparator.comparing((Device d) -> !d.thisDevice()).thenComparing(d -> !d.active())
                .thenComparing(Device::jid).thenComparingInt(Device::deviceId));
        return all;
    }

    /** Records the user's decision; the list, the chat's state and messages waiting for it follow. */
    public CompletableFuture<Void> decide(Device device, TrustDecision decision) {
        busy.set(true);
        return trust.decide(device.jid(), device.deviceId(), decision)
                .thenAccept(decided -> { })
                .whenCompleteAsync((done, failure) -> afterChange(failure, decided(device, decision)), Background.EXECUTOR);
    }

    private static String decided(Device device, TrustDecision decision) {
        String id = String.valueOf(device.deviceId());
        return switch (decision) {
            case VERIFIED -> Strings.get("trust.done.verified", id);
            case TRUSTED_BLIND -> Strings.get("trust.done.trusted", id);
            case DISTRUSTED -> Strings.get("trust.done.distrusted", id);
            case UNDECIDED -> Strings.get("trust.done.undecided", id);
        };
    }

    /**
     * What the user pasted, typed or dropped: an {@code xmpp:} URI verifies every device of this JID it names (one
     * for another JID is refused), a bare fingerprint verifies the one device of this JID that has it. Anything that
     * matches nothing is said loudly, and nothing changes.
     */
    public CompletableFuture<Void> verifyText(String text) {
        String input = text == null ? "" : text.strip();
        if (input.isEmpty()) {
            say(Strings.get("trust.verify.empty"), true);
            return CompletableFuture.completedFuture(null);
        }
        if (!input.regionMatches(true, 0, "xmpp:", 0, 5)) {
            return verifyFingerprint(input);
        }
        VerificationUri uri;
        try {
            uri = VerificationUri.parse(input);
        } catch (TrustException e) {
            say(Strings.get("trust.verify.malformed"), true);
            return CompletableFuture.completedFuture(null);
        }
        if (!jids().contains(uri.jid())) {
            say(Strings.get("trust.verify.otherJid", uri.jid(), jid), true);
            return CompletableFuture.completedFuture(null);
        }
        busy.set(true);
        int count = uri.fingerprints().size();
        return trust.verify(input).thenAccept(verified -> { })
                .whenCompleteAsync((done, failure) -> afterChange(failure, count == 1
                        ? Strings.get("trust.verify.done.one", title)
                        : Strings.get("trust.verify.done.many", String.valueOf(count), title)), Background.EXECUTOR);
    }

    private CompletableFuture<Void> verifyFingerprint(String typed) {
        Optional<Device> match = devices.stream().filter(d -> !d.thisDevice() && d.fingerprint().isPresent()
                && compare(d.fingerprint().get(), typed) == Comparison.MATCH).findFirst();
        if (match.isEmpty()) {
            say(Strings.get("trust.verify.noMatch", title), true);
            return CompletableFuture.completedFuture(null);
        }
        return decide(match.get(), TrustDecision.VERIFIED);
    }

    /**
     * The text of a QR code in an image (ARGB pixels row by row), verified as {@link #verifyText}; an image without
     * a QR code is said so and changes nothing.
     */
    public CompletableFuture<Void> verifyImage(int[] argb, int width, int height) {
        Optional<String> text;
        try {
            text = QrCode.decode(argb, width, height);
        } catch (IllegalArgumentException e) {
            text = Optional.empty();
        }
        if (text.isEmpty()) {
            say(Strings.get("trust.qr.none"), true);
            return CompletableFuture.completedFuture(null);
        }
        return verifyText(text.get());
    }

    /** A dropped or opened image file: read off the JavaFX thread, then its QR code verified. */
    public void verifyImageFile(File file) {
        busy.set(true);
        CompletableFuture.supplyAsync(() -> {
            Image image = new Image(file.toURI().toString()); // synchronous here, on the background thread
            if (image.isError() || image.getPixelReader() == null) {
                return null;
            }
            int width = (int) image.getWidth();
            int height = (int) image.getHeight();
            if ((long) width * height > QrCode.MAX_PIXELS) {
                return null;
            }
            int[] argb = new int[width * height];
            image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
            return new Pixels(argb, width, height);
        }, Background.EXECUTOR).whenComplete((pixels, failure) -> ui.execute(() -> {
            busy.set(false);
            if (pixels == null) {
                say(Strings.get("trust.qr.unreadable"), true);
            } else {
                verifyImage(pixels.argb(), pixels.width(), pixels.height());
            }
        }));
    }

    private record Pixels(int[] argb, int width, int height) {
    }

    /**
     * Whether new devices of this contact are trusted blindly until the user verifies one of them (the own
     * account's dialog: the default for contacts without their own choice).
     */
    public void setBlindTrust(boolean blind) {
        BooleanProperty shown = isOwn() ? defaultBlindTrust : blindTrust;
        if (shown.get() == blind) {
            return;
        }
        shown.set(blind);
        CompletableFuture<Void> saved = isOwn() ? trust.setDefaultBlindTrust(blind) : trust.setBlindTrust(jid, blind);
        saved.whenCompleteAsync((done, failure) -> {
            boolean now = isOwn() ? trust.defaultBlindTrust() : trust.blindTrust(jid);
            ui.execute(() -> {
                shown.set(now);
                if (failure != null) {
                    say(describe(failure), true);
                } else {
                    changeListeners.forEach(Runnable::run);
                }
            });
        }, Background.EXECUTOR);
    }

    /** Removes a stale device of the own account from its device lists. */
    public CompletableFuture<Void> removeOwnDevice(Device device) {
        busy.set(true);
        CompletableFuture<Void> removal;
        try {
            removal = trust.removeOwnDevice(device.deviceId());
        } catch (IllegalArgumentException e) {
            removal = CompletableFuture.failedFuture(e);
        }
        return removal.whenCompleteAsync((done, failure) -> afterChange(failure,
                Strings.get("trust.own.removed", String.valueOf(device.deviceId()))), Background.EXECUTOR);
    }

    private void afterChange(Throwable failure, String success) {
        // on the background thread: read the store here, then show
        List<Device> fresh = failure == null ? known() : null;
        boolean blind = trust.blindTrust(jid); // verifying a device turns it off
        ui.execute(() -> {
            busy.set(false);
            blindTrust.set(blind);
            if (failure == null) {
                devices.setAll(fresh);
                say(success, false);
                changeListeners.forEach(Runnable::run);
            } else {
                say(describe(failure), true);
            }
        });
    }

    /** Compares what the user typed with a fingerprint, ignoring spaces, colons and case. */
    public static Comparison compare(String fingerprint, String typed) {
        String theirs = normalize(typed);
        if (theirs.isEmpty()) {
            return Comparison.EMPTY;
        }
        return normalize(fingerprint).equals(theirs) ? Comparison.MATCH : Comparison.MISMATCH;
    }

    private static String normalize(String fingerprint) {
        return fingerprint == null ? "" : fingerprint.replaceAll("[\\s:]", "").toLowerCase(Locale.ROOT);
    }

    /** Why an action was refused, in words. */
    static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TrustException refused) {
            return switch (refused.reason()) {
                case MALFORMED_URI -> Strings.get("trust.verify.malformed");
                case FINGERPRINT_MISMATCH -> Strings.get("trust.verify.mismatch");
                case UNKNOWN_DEVICE -> Strings.get("trust.verify.unknownDevice");
            };
        }
        if (cause instanceof NotConnectedException) {
            return Strings.get("trust.notConnected");
        }
        return Strings.get("trust.error", String.valueOf(cause.getMessage()));
    }

    private void say(String text, boolean error) {
        messageIsError.set(error);
        message.set(text);
    }

    /** Clears the last message (the user starts something new). */
    public void clearMessage() {
        message.set("");
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Runs on the JavaFX thread after every decision, verification or removal that succeeded. */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    public boolean isOwn() {
        return jid.equals(account.jid());
    }

    /** Whether it shows only the devices a send waits for. */
    public boolean isDecision() {
        return !only.isEmpty();
    }

    public String jid() {
        return jid;
    }

    public String title() {
        return title;
    }

    public ObservableList<Device> devices() {
        return devices;
    }

    /** The result of the last action in words; {@link #messageIsErrorProperty()} says whether it was refused. */
    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** The contact's blind trust as core applies it now (their choice, else the default while none is verified). */
    public ReadOnlyBooleanProperty blindTrustProperty() {
        return blindTrust;
    }

    /** The account's default for contacts without their own choice. */
    public ReadOnlyBooleanProperty defaultBlindTrustProperty() {
        return defaultBlindTrust;
    }

    /** This device's fingerprint, once loaded. */
    public ReadOnlyStringProperty ownFingerprintProperty() {
        return ownFingerprint;
    }

    /** This device's verification URI, once loaded. */
    public ReadOnlyStringProperty ownUriProperty() {
        return ownUri;
    }
}
