package org.sotto.core.internal.omemo;

import java.util.concurrent.ConcurrentHashMap;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.jivesoftware.smack.XMPPConnection;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import org.sotto.core.api.event.SottoEvent;
import org.sotto.core.internal.event.EventBus;
import org.sotto.core.internal.omemo.element.DeviceListElement;
import org.sotto.core.internal.omemo.element.EncryptedElement;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.DeviceIdentity;
import org.sotto.crypto.DeviceIds;
import org.sotto.crypto.Fingerprint;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.OmemoProtocol;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.PreKeyMaintenance;
import org.sotto.crypto.TrustManager;
import org.sotto.crypto.omemo03.Omemo03Protocol;
import org.sotto.crypto.omemo2.Omemo2Protocol;
import org.sotto.crypto.spi.OmemoStore;
import org.sotto.crypto.spi.OwnIdentity;

/**
 * What the parts of one account's OMEMO share: the account, its store, the versions it speaks, this device's
 * protocol per version (replaced only by {@link #useIdentity}, before anything is published), the trust manager,
 * the device list cache, the connection and the account's worker.
 */
final class OmemoAccount {
    final String account;
    final OmemoStore store;
    final Set<OmemoVersion> versions;
    final TrustManager trust;
    final Supplier<Optional<? extends XMPPConnection>> connection;
    final Executor worker;
    final OmemoOptions options;
    final DeviceDirectory directory;
    /** This device per version; written by {@link #useIdentity} on the constructing thread or the worker. */
    private final Map<OmemoVersion, OmemoProtocol> protocols = new EnumMap<>(OmemoVersion.class);
    /** Where the parts publish events the window needs; null: nowhere. */
    private final EventBus events;
    /**
     * Devices that presented another identity key than the one on record, until the user accepts the new key or the
     * device writes again with its known key: they get no key meanwhile, but their session is kept, so a forged
     * message cannot break a working one. In memory: after a restart the next refused message marks the device again.
     */
    final Set<DeviceAddress> keyChangePending = ConcurrentHashMap.newKeySet();
    /** True when this device's identity was created here (and not published yet): its id may collide. */
    final boolean createdIdentity;

    OmemoAccount(String account, OmemoStore store, Set<OmemoVersion> versions,
                 Supplier<Optional<? extends XMPPConnection>> connection, Executor worker,
                 DeviceDirectory directory, OmemoOptions options, EventBus events) {
        this.account = account;
        this.events = events;
        this.store = store;
        this.versions = EnumSet.copyOf(versions);
        this.connection = connection;
        this.worker = worker;
        this.trust = new TrustManager(store);
        this.options = options;
        this.directory = directory;
        // the device id is random (31 bits); a collision with another own device is checked at the first login
        Optional<OwnIdentity> stored = store.loadOwnIdentity();
        createdIdentity = stored.isEmpty();
        OwnIdentity own = stored.orElseGet(() -> {
            OwnIdentity created = new OwnIdentity(DeviceIds.generate(List.of(), options.deviceIdRandom()),
                    DeviceIdentity.generate().seed());
            store.storeOwnIdentity(created);
            return created;
        });
        useIdentity(own);
    }

    void publish(SottoEvent event) {
        if (events != null) {
            events.publish(event);
        }
    }

    void useIdentity(OwnIdentity own) {
        try {
            if (this.versions.contains(OmemoVersion.V2)) {
                protocols.put(OmemoVersion.V2, new Omemo2Protocol(account, own, store, options.clock(),
                        PreKeyMaintenance.Policy.defaults(OmemoVersion.V2)));
            }
            if (this.versions.contains(OmemoVersion.V0_3)) {
                protocols.put(OmemoVersion.V0_3, new Omemo03Protocol(account, own, store, options.clock(),
                        PreKeyMaintenance.Policy.defaults(OmemoVersion.V0_3)));
            }
        } catch (OmemoException e) {
            throw new IllegalStateException("the stored OMEMO identity is unusable: " + e.getMessage(), e);
        }
    }

    /** This device's protocol of a version it speaks (null otherwise). */
    OmemoProtocol protocol(OmemoVersion version) {
        return protocols.get(version);
    }

    /** This device's protocols, one per version it speaks. */
    Iterable<OmemoProtocol> protocols() {
        return protocols.values();
    }

    boolean speaks(OmemoVersion version) {
        return protocols.containsKey(version);
    }

    int ownDeviceId() {
        return protocols.values().iterator().next().ownDevice().deviceId();
    }

    /** This device's identity fingerprint (the same for both versions). */
    Fingerprint ownFingerprint() throws OmemoException {
        return protocols.values().iterator().next().ownBundle().identityFingerprint();
    }

    boolean isOwnDevice(DeviceAddress device) {
        return device.bareJid().equals(account) && device.deviceId() == ownDeviceId();
    }

    static EntityBareJid jid(String bare) throws XmppStringprepException {
        return JidCreate.entityBareFrom(bare);
    }

    static OmemoVersion version(EncryptedElement element) {
        return element.isLegacy() ? OmemoVersion.V0_3 : OmemoVersion.V2;
    }

    static OmemoVersion version(DeviceListElement list) {
        return list.isLegacy() ? OmemoVersion.V0_3 : OmemoVersion.V2;
    }
}
