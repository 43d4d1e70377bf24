package org.sotto.core.internal.omemo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import org.sotto.core.api.NotConnectedException;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.api.trust.Device;
import org.sotto.core.api.trust.Trust;
import org.sotto.core.api.trust.TrustDecision;
import org.sotto.core.api.trust.TrustException;
import org.sotto.core.internal.persistence.MessageLog;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.Fingerprint;
import org.sotto.crypto.IdentityChangedException;
import org.sotto.crypto.MalformedUriException;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.OmemoUri;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.TrustLevel;

/** The API's {@link Trust} of one account, over its {@link OmemoService}: crypto's types stay inside core. */
public final class TrustService implements Trust {
    private final OmemoService omemo;
    private final MessageLog messages;
    private final String account;

    /** @param messages the profile's messages, read for the last message of each device (never waits for a write) */
    public TrustService(String account, OmemoService omemo, MessageLog messages) {
        this.account = account;
        this.omemo = omemo;
        this.messages = messages;
    }

    @Override
    public String ownFingerprint() {
        return own().display();
    }

    @Override
    public int ownDeviceId() {
        return omemo.ownDeviceId();
    }

    @Override
    public String ownUri() {
        List<OmemoUri.DeviceFingerprint> devices = new ArrayList<>();
        devices.add(new OmemoUri.DeviceFingerprint(omemo.ownDeviceId(), own()));
        // then the other own devices the user verified, as Conversations does: scanning it verifies them all
        omemo.knownDevices(account).stream()
                .filter(d -> !d.thisDevice() && d.active() && d.trust().orElse(null) == TrustLevel.VERIFIED)
                .forEach(d -> d.fingerprint().ifPresent(key ->
                        devices.add(new OmemoUri.DeviceFingerprint(d.address().deviceId(), key))));
        return new OmemoUri(account, devices).format();
    }

    private Fingerprint own() {
        try {
            return omemo.ownFingerprint();
        } catch (OmemoException e) {
            throw new IllegalStateException("this device's identity cannot be read", e);
        }
    }

    @Override
    public List<Device> knownDevices(String jid) {
        Map<Integer, Instant> lastMessage = messages.lastMessageByDevice(account, jid);
        return omemo.knownDevices(jid).stream()
                .map(d -> device(d, Optional.ofNullable(lastMessage.get(d.address().deviceId())))).toList();
    }

    @Override
    public CompletableFuture<List<Device>> refresh(String jid) {
        return omemo.devices(jid, true).handle((fetched, error) -> {
            if (error != null) {
                throw notConnected(error, "fetching OMEMO devices");
            }
            return knownDevices(jid);
        });
    }

    @Override
    public CompletableFuture<Device> decide(String jid, int deviceId, TrustDecision decision) {
        return omemo.decide(new DeviceAddress(jid, deviceId), TrustLevel.valueOf(decision.name()))
                .exceptionally(e -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof IllegalArgumentException unknown) {
                        throw new TrustException(TrustException.Reason.UNKNOWN_DEVICE, unknown.getMessage(), unknown);
                    }
                    throw e instanceof CompletionException c ? c : new CompletionException(e);
                })
                .thenApply(record -> find(jid, deviceId));
    }

    @Override
    public CompletableFuture<List<Device>> verify(String uri) {
        OmemoUri parsed;
        try {
            parsed = OmemoUri.parse(uri);
        } catch (MalformedUriException e) {
            throw new TrustException(TrustException.Reason.MALFORMED_URI, "not an OMEMO verification URI: "
                    + e.getMessage(), e);
        }
        return omemo.verify(parsed).handle((records, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof IdentityChangedException mismatch) {
                    throw new TrustException(TrustException.Reason.FINGERPRINT_MISMATCH, "the URI gives device "
                            + mismatch.device().deviceId() + " of " + mismatch.device().bareJid() + " the fingerprint "
                            + mismatch.presented().display() + ", but the key on record for it is "
                            + mismatch.known().display(), mismatch);
                }
                throw error instanceof CompletionException c ? c : new CompletionException(error);
            }
            Set<Integer> named = parsed.devices().stream().map(OmemoUri.DeviceFingerprint::deviceId)
                    .collect(Collectors.toSet());
            return knownDevices(parsed.bareJid()).stream().filter(d -> named.contains(d.deviceId())).toList();
        });
    }

    @Override
    public CompletableFuture<Device> acceptChangedIdentity(String jid, int deviceId, String fingerprint) {
        Objects.requireNonNull(jid, "jid");
        Fingerprint presented = Fingerprint.parse(Objects.requireNonNull(fingerprint, "fingerprint"));
        DeviceAddress device = new DeviceAddress(jid, deviceId);
        return omemo.acceptChangedIdentity(device, presented).handle((record, error) -> {
            if (error == null) {
                return find(jid, deviceId);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof IdentityChangedException mismatch) {
                throw new TrustException(TrustException.Reason.FINGERPRINT_MISMATCH, "device " + deviceId + " of "
                        + jid + " publishes the key " + mismatch.known().display() + ", not "
                        + mismatch.presented().display(), mismatch);
            }
            if (cause instanceof IllegalArgumentException unknown) {
                throw new TrustException(TrustException.Reason.UNKNOWN_DEVICE, unknown.getMessage(), unknown);
            }
            throw notConnected(error, "checking a device's key");
        });
    }

    private Device find(String jid, int deviceId) {
        return knownDevices(jid).stream().filter(d -> d.deviceId() == deviceId).findFirst()
                .orElseThrow(() -> new TrustException(TrustException.Reason.UNKNOWN_DEVICE,
                        "no device " + deviceId + " of " + jid, null));
    }

    @Override
    public boolean blindTrust(String jid) {
        return omemo.blindTrust(jid);
    }

    @Override
    public CompletableFuture<Void> setBlindTrust(String jid, boolean blind) {
        return omemo.setBlindTrust(Objects.requireNonNull(jid, "jid"), blind);
    }

    @Override
    public boolean defaultBlindTrust() {
        return omemo.defaultBlindTrust();
    }

    @Override
    public CompletableFuture<Void> setDefaultBlindTrust(boolean blind) {
        return omemo.setBlindTrust(null, blind);
    }

    @Override
    public boolean automaticTrust() {
        return omemo.automaticTrust();
    }

    @Override
    public CompletableFuture<Void> setAutomaticTrust(boolean automatic) {
        return omemo.setAutomaticTrust(automatic);
    }

    @Override
    public ObservableValue<Encryption> encryptionState(String peer) {
        return omemo.encryptionState(peer);
    }

    @Override
    public void setPlaintext(String peer, boolean plaintext) {
        omemo.setPlaintext(peer, plaintext);
    }

    @Override
    public boolean isPlaintext(String peer) {
        return omemo.isPlaintext(peer);
    }

    @Override
    public CompletableFuture<Void> removeOwnDevice(int deviceId) {
        return omemo.removeOwnDevice(deviceId).handle((done, error) -> {
            if (error != null) {
                throw notConnected(error, "removing a device");
            }
            return done;
        });
    }

    /** The failure as the API states it: a missing connection is a {@link NotConnectedException}. */
    private CompletionException notConnected(Throwable error, String action) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof OmemoSendException send && send.reason() == OmemoSendException.Reason.NOT_CONNECTED) {
            NotConnectedException offline = new NotConnectedException(account, action);
            offline.initCause(send);
            return new CompletionException(offline);
        }
        return error instanceof CompletionException c ? c : new CompletionException(error);
    }

    /** A device without its last message (a refused send names devices; the dialog reads them again). */
    static Device device(OmemoService.OmemoDevice d) {
        return device(d, Optional.empty());
    }

    private static Device device(OmemoService.OmemoDevice d, Optional<Instant> lastMessage) {
        return new Device(d.address().bareJid(), d.address().deviceId(), d.fingerprint().map(Fingerprint::display),
                d.versions().stream().map(v -> v == OmemoVersion.V0_3 ? "0.3" : "2").collect(Collectors.toSet()),
                d.trust().map(level -> TrustDecision.valueOf(level.name())), d.active(), d.thisDevice(), d.label(),
                d.lastSeen(), lastMessage);
    }
}
