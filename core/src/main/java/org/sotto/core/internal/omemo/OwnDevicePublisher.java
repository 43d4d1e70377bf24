package org.sotto.core.internal.omemo;

import static org.sotto.core.internal.omemo.OmemoAccount.jid;
import static org.sotto.core.internal.omemo.OmemoAccount.version;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.XMPPConnection;

import org.jxmpp.jid.BareJid;
import org.jxmpp.stringprep.XmppStringprepException;

import org.sotto.core.internal.omemo.element.BundleElement;
import org.sotto.core.internal.omemo.element.DeviceListElement;
import org.sotto.crypto.DeviceIds;
import org.sotto.crypto.Fingerprint;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.OmemoProtocol;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.spi.OmemoStore;
import org.sotto.crypto.spi.OwnIdentity;

/**
 * This device on the server, for one account: publishes it after each login (its bundles, and itself in the device
 * lists, keeping the other devices), follows device list pushes (puts itself back when left out), keeps the
 * prekeys filled and the signed prekey rotated (at login, after a used prekey, on a schedule), takes another
 * device id when a new one collides, and fetches or cleans up the own device lists. Account worker.
 */
final class OwnDevicePublisher {
    private static final Logger LOG = Logger.getLogger(OwnDevicePublisher.class.getName());

    private final OmemoAccount ctx;
    private final String account;
    private final OmemoStore store;
    private final Set<OmemoVersion> versions;
    private final Supplier<Optional<? extends XMPPConnection>> connection;
    private final Executor worker;
    private final OmemoOptions options;
    private final DeviceDirectory directory;
    private final ChatEncryptionStates chatStates;
    /** True while this device's identity was created by this service and not yet published (collision check). */
    private volatile boolean freshIdentity;

    OwnDevicePublisher(OmemoAccount ctx, ChatEncryptionStates chatStates) {
        this.ctx = ctx;
        this.account = ctx.account;
        this.store = ctx.store;
        this.versions = ctx.versions;
        this.connection = ctx.connection;
        this.worker = ctx.worker;
        this.options = ctx.options;
        this.directory = ctx.directory;
        this.chatStates = chatStates;
        this.freshIdentity = ctx.createdIdentity;
    }

    private int ownDeviceId() {
        return ctx.ownDeviceId();
    }

    /** To call when a connection is created, before login: follows device list pushes (also advertises +notify). */
    void install(XMPPConnection connection) {
        OmemoPepManager.getInstanceFor(connection).addDeviceListListener((from, list) -> {
            if (!versions.contains(version(list))) {
                return;
            }
            String owner = from.asBareJid().toString();
            worker.execute(() -> {
                // the state before the change, also of a chat nobody observes yet, so the change is published
                chatStates.track(owner);
                directory.seen(owner, list, true);
                if (owner.equals(account) && !list.deviceIds().contains(ownDeviceId())) {
                    republishList(connection, list);
                }
                chatStates.refresh(owner);
            });
        });
    }

    /** After a (non-resumed) login: this device in the device lists (keeping the others) and its bundles. */
    void publishOwnDevice(XMPPConnection connection)
            throws OmemoPepException, InterruptedException, OmemoException, XmppStringprepException {
        directory.newConnection();
        OmemoPepManager pep = OmemoPepManager.getInstanceFor(connection);
        BareJid own = jid(account);
        Map<OmemoVersion, DeviceListElement> lists = new EnumMap<>(OmemoVersion.class);
        for (OmemoVersion version : versions) {
            DeviceListElement list = pep.fetchDeviceList(own, version == OmemoVersion.V0_3);
            directory.fetched();
            lists.put(version, list);
        }
        if (freshIdentity) {
            avoidDeviceIdCollision(pep, lists);
        }
        for (OmemoProtocol protocol : ctx.protocols()) {
            protocol.maintainBundle();
            pep.publishBundle(ownDeviceId(), OmemoService.toElement(protocol.ownBundle()));
            DeviceListElement list = lists.get(protocol.version());
            if (!list.deviceIds().contains(ownDeviceId())) {
                list = withOwnDevice(list);
                pep.publishDeviceList(list);
            }
            // the own lists are always pushed to us: followed
            directory.seen(account, list, true);
        }
        freshIdentity = false;
        chatStates.refreshAll();
    }

    /**
     * A new identity got a random id that another device of the account already uses (its bundle has another
     * key): take another id before publishing anything.
     */
    private void avoidDeviceIdCollision(OmemoPepManager pep, Map<OmemoVersion, DeviceListElement> lists)
            throws OmemoPepException, InterruptedException, OmemoException, XmppStringprepException {
        Set<Integer> listed = new HashSet<>();
        lists.values().forEach(l -> listed.addAll(l.deviceIds()));
        int id = ownDeviceId();
        if (!listed.contains(id)) {
            return;
        }
        Fingerprint mine = ctx.ownFingerprint();
        boolean taken = false;
        for (OmemoVersion version : versions) {
            Optional<BundleElement> bundle = pep.fetchBundle(jid(account), id, version == OmemoVersion.V0_3);
            if (bundle.isPresent() && !OmemoService.toBundle(bundle.get()).identityFingerprint().equals(mine)) {
                taken = true;
            }
        }
        if (taken) {
            OwnIdentity current = store.loadOwnIdentity().orElseThrow();
            Set<Integer> avoid = new HashSet<>(listed);
            avoid.add(id);
            OwnIdentity renamed = new OwnIdentity(DeviceIds.generate(avoid, options.deviceIdRandom()), current.identitySeed());
            LOG.info(() -> "the new device id " + id + " is already used by another device of " + account
                    + "; using " + renamed.deviceId());
            store.storeOwnIdentity(renamed);
            ctx.useIdentity(renamed);
        }
    }

    /**
     * Refills one-time prekeys and rotates the signed prekey when due (crypto's {@code PreKeyMaintenance}: weekly,
     * the old one kept 30 days), and republishes the bundle of each version that changed. Account worker; also runs
     * at every login ({@link #publishOwnDevice}) and on the schedule {@link #scheduleMaintenance} sets up.
     *
     * @return the versions whose bundle changed
     */
    Set<OmemoVersion> maintainBundles() throws OmemoException, InterruptedException {
        Set<OmemoVersion> changed = EnumSet.noneOf(OmemoVersion.class);
        for (OmemoProtocol protocol : ctx.protocols()) {
            if (protocol.maintainBundle()) {
                changed.add(protocol.version());
                Optional<? extends XMPPConnection> xmpp = connection.get();
                if (xmpp.isPresent()) {
                    try {
                        OmemoPepManager.getInstanceFor(xmpp.get()).publishBundle(ownDeviceId(), OmemoService.toElement(protocol.ownBundle()));
                    } catch (OmemoPepException e) {
                        LOG.log(Level.WARNING, "could not republish the " + protocol.version() + " bundle", e);
                    }
                }
            }
        }
        return changed;
    }

    /** Runs {@link #maintainBundles} on the account worker every {@link OmemoOptions#maintenanceInterval()}. */
    ScheduledFuture<?> scheduleMaintenance(ScheduledExecutorService timer) {
        long every = options.maintenanceInterval().toMillis();
        return timer.scheduleWithFixedDelay(() -> worker.execute(() -> {
            try {
                maintainBundles();
            } catch (OmemoException e) {
                LOG.log(Level.WARNING, "prekey maintenance failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), every, every, TimeUnit.MILLISECONDS);
    }

    private void republishList(XMPPConnection connection, DeviceListElement list) {
        try {
            OmemoPepManager.getInstanceFor(connection).publishDeviceList(withOwnDevice(list));
        } catch (OmemoPepException e) {
            LOG.log(Level.WARNING, "could not add this device back to the device list", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private DeviceListElement withOwnDevice(DeviceListElement list) {
        if (list.isLegacy()) {
            List<Integer> ids = new ArrayList<>(list.deviceIds());
            ids.add(ownDeviceId());
            return DeviceListElement.legacy(ids);
        }
        List<DeviceListElement.Device> devices = new ArrayList<>(list.devices());
        devices.add(DeviceListElement.Device.of(ownDeviceId()));
        return DeviceListElement.v2(devices);
    }

    /** XEP-0384: a used prekey is replaced and the bundle published again. */
    void republishBundle(OmemoProtocol protocol) {
        try {
            protocol.maintainBundle();
            Optional<? extends XMPPConnection> xmpp = connection.get();
            if (xmpp.isPresent()) {
                OmemoPepManager.getInstanceFor(xmpp.get()).publishBundle(ownDeviceId(), OmemoService.toElement(protocol.ownBundle()));
            }
        } catch (OmemoException | OmemoPepException e) {
            LOG.log(Level.WARNING, "could not republish the bundle after a used prekey", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For {@code ownDevices()}: the own device lists fetched into the cache (offline: nothing). */
    CompletableFuture<Void> refetchOwnLists() {
        return CompletableFuture.runAsync(() -> {
            // the user asked: the lists as published now, not as the last push said
            connection.get().ifPresent(xmpp -> {
                try {
                    OmemoPepManager pep = OmemoPepManager.getInstanceFor(xmpp);
                    for (OmemoVersion version : versions) {
                        DeviceListElement list = pep.fetchDeviceList(jid(account), version == OmemoVersion.V0_3);
                        directory.fetched();
                        directory.seen(account, list, true);
                    }
                } catch (OmemoPepException | XmppStringprepException e) {
                    throw new CompletionException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }, worker);
    }

    /**
     * Removes a stale device of the own account: from both device lists (0.3 and OMEMO 2) and its bundles (the
     * 0.3 bundle node, the OMEMO 2 bundle item). Its trust record and sessions stay. Not this device.
     */
    CompletableFuture<Void> removeOwnDevice(int deviceId) {
        if (deviceId == ownDeviceId()) {
            throw new IllegalArgumentException("this device (" + deviceId + ") cannot remove itself");
        }
        return CompletableFuture.runAsync(() -> {
            try {
                XMPPConnection xmpp = connection.get().orElseThrow(() -> new OmemoSendException(
                        OmemoSendException.Reason.NOT_CONNECTED, "not connected: devices cannot be removed now"));
                OmemoPepManager pep = OmemoPepManager.getInstanceFor(xmpp);
                BareJid own = jid(account);
                for (OmemoVersion version : List.of(OmemoVersion.V2, OmemoVersion.V0_3)) {
                    boolean legacy = version == OmemoVersion.V0_3;
                    DeviceListElement list = pep.fetchDeviceList(own, legacy);
                    directory.fetched();
                    if (list.deviceIds().contains(deviceId)) {
                        list = without(list, deviceId);
                        pep.publishDeviceList(list);
                    }
                    if (versions.contains(version)) {
                        directory.seen(account, list, true);
                    }
                    pep.deleteBundle(deviceId, legacy);
                }
                chatStates.refreshAll();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, worker);
    }

    private static DeviceListElement without(DeviceListElement list, int deviceId) {
        if (list.isLegacy()) {
            return DeviceListElement.legacy(list.deviceIds().stream().filter(id -> id != deviceId).toList());
        }
        return DeviceListElement.v2(list.devices().stream().filter(d -> d.id() != deviceId).toList());
    }
}
