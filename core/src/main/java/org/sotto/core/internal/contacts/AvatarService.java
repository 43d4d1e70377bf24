package org.sotto.core.internal.contacts;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.NamedElement;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.parsing.StandardExtensionElementProvider;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.EventElement;
import org.jivesoftware.smackx.pubsub.EventElementType;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.ItemsExtension;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;

import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

import org.sotto.core.api.contacts.Avatar;
import org.sotto.core.api.contacts.Avatars;
import org.sotto.core.api.event.AvatarChanged;
import org.sotto.core.internal.connection.ConnectionSupervisor;
import org.sotto.core.internal.event.EventBus;
import org.sotto.core.internal.persistence.AvatarCache;

/**
 * Avatars: XEP-0084 (PEP nodes {@code urn:xmpp:avatar:metadata} and {@code urn:xmpp:avatar:data}) first, the
 * contact's vCard (XEP-0054/0153) as the fallback. The own avatar is published through the vCard, which Prosody's
 * {@code mod_vcard_legacy} mirrors into the XEP-0084 nodes (servers without it keep the vCard only).
 *
 * <p>Images are kept in the profile by their SHA-1 ({@link AvatarCache}) with the hash each JID announced last, so
 * an announcement is fetched only when its hash is not stored.
 */
public final class AvatarService implements Avatars {
    private static final Logger LOG = Logger.getLogger(AvatarService.class.getName());
    static final String DATA_NODE = "urn:xmpp:avatar:data";
    static final String METADATA_NODE = "urn:xmpp:avatar:metadata";
    private static final int MAX_BYTES = 1024 * 1024;
    static final String VCARD_UPDATE = "vcard-temp:x:update";

    private final String account;
    private final ExecutorService worker;
    private final ConnectionSupervisor supervisor;
    private final EventBus events;
    private final AvatarCache cache;
    private final AtomicLong fetches = new AtomicLong();
    /** bare JID → the last avatar hash announced for it in this run ("" = none), to look at changes only. */
    private final Map<String, String> announced = new ConcurrentHashMap<>();
    /** Fetches after announcements, one at a time and off the account's worker (a login announces every contact). */
    private final ExecutorService refetch;
    private final OwnPresence ownPresence;

    public AvatarService(String account, ExecutorService worker, ConnectionSupervisor supervisor, EventBus events,
                         AvatarCache cache, OwnPresence ownPresence) {
        this.account = account;
        this.ownPresence = ownPresence;
        this.cache = cache;
        this.worker = worker;
        this.supervisor = supervisor;
        this.events = events;
        this.refetch = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "sotto-avatars-" + account);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Follows avatar changes: asks for XEP-0084 metadata notifications ({@code +notify} in the entity caps, so the
     * server pushes them) and reads XEP-0153 photo hashes in presence. A hash that differs from the last one seen
     * for that JID (a first non-empty one included) is fetched again and published as {@link AvatarChanged}.
     */
    public void install(XMPPTCPConnection connection) {
        ServiceDiscoveryManager.getInstanceFor(connection).addFeature(METADATA_NODE + "+notify");
        connection.addAsyncStanzaListener(stanza -> metadataNotification((Message) stanza),
                new AndFilter(StanzaTypeFilter.MESSAGE, stanza -> EventElement.from(stanza) != null));
        connection.addAsyncStanzaListener(stanza -> presenceHash(connection, (Presence) stanza),
                new AndFilter(StanzaTypeFilter.PRESENCE, stanza -> stanza.hasExtension("x", VCARD_UPDATE)));
    }

    private void metadataNotification(Message message) {
        EventElement event = EventElement.from(message);
        if (message.getFrom() == null || message.getFrom().asEntityBareJidIfPossible() == null) {
            return;
        }
        if (event.getEventType() == EventElementType.purge && event.getEvent() != null
                && METADATA_NODE.equals(event.getEvent().getNode())) {
            // a purged metadata node holds no picture: how Prosody's mod_vcard_legacy says a photo was removed
            announce(message.getFrom().asBareJid().toString(), "");
            return;
        }
        if (!(event.getEvent() instanceof ItemsExtension items) || !METADATA_NODE.equals(items.getNode())) {
            return;
        }
        for (NamedElement element : items.getItems()) {
            if (element instanceof PayloadItem<?> item && item.getId() != null) {
                // XEP-0084 §4.2: metadata without <info/> means the avatar was disabled
                announce(message.getFrom().asBareJid().toString(), child(item, "info") == null ? "" : item.getId());
            }
        }
    }

    private void presenceHash(XMPPTCPConnection connection, Presence presence) {
        if (presence.getFrom() == null || presence.getType() != Presence.Type.available) {
            return;
        }
        BareJid from = presence.getFrom().asBareJid();
        // room occupants' presences carry the occupant's hash under the room's JID: only contacts and the user
        if (!from.toString().equals(account) && !Roster.getInstanceFor(connection).contains(from)) {
            return;
        }
        ExtensionElement update = presence.getExtensionElement("x", VCARD_UPDATE);
        StandardExtensionElement photo = update instanceof StandardExtensionElement standard
                ? standard.getFirstElement("photo") : null;
        if (photo != null) { // no <photo/> means "not ready to say" (XEP-0153 §3.2)
            announce(from.toString(), photo.getText() == null ? "" : photo.getText().trim().toLowerCase(Locale.ROOT));
        }
    }

    private void announce(String jid, String hash) {
        if (hash.equals(announced.put(jid, hash))) {
            return;
        }
        try {
            refetch.execute(() -> refresh(jid, hash));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.FINE, "avatar refetch refused", e);
        }
    }

    /** Compares an announcement with what the profile holds; fetches only a hash whose image is not stored. */
    private void refresh(String jid, String hash) {
        try {
            Optional<String> stored = cache.announced(account, jid);
            if (hash.isEmpty()) {
                if (stored.map(h -> !h.isEmpty()).orElse(false)) {
                    // "none" may be stale: a server stamps a presence with the hash of when it was sent, and a
                    // presence probe answers with the contact's last one. The network says whether it is gone.
                    Optional<XMPPTCPConnection> connection = supervisor.authenticated();
                    Optional<Avatar> current = connection.isEmpty() ? Optional.empty()
                            : fetch(connection.get(), bare(jid));
                    if (current.isPresent()) {
                        String now = current.get().sha1();
                        announced.replace(jid, "", now);
                        cache.save(account, current.get());
                        if (!stored.equals(Optional.of(now))) {
                            cache.announce(account, jid, now);
                            events.publish(new AvatarChanged(account, jid, current));
                        }
                        return;
                    }
                    cache.announce(account, jid, "");
                    events.publish(new AvatarChanged(account, jid, Optional.empty()));
                } else if (stored.isEmpty()) {
                    cache.announce(account, jid, ""); // the first "none" is no change
                }
                return;
            }
            Optional<Avatar> kept = cache.find(account, jid, hash);
            if (kept.isPresent()) {
                if (!stored.equals(Optional.of(hash))) {
                    cache.announce(account, jid, hash);
                    events.publish(new AvatarChanged(account, jid, kept));
                }
                return; // unchanged since it was stored: nothing to fetch or tell
            }
            Optional<XMPPTCPConnection> connection = supervisor.authenticated();
            if (connection.isEmpty()) {
                announced.remove(jid, hash); // try again after the next announcement
                return;
            }
            Optional<Avatar> avatar = fetch(connection.get(), bare(jid));
            // under its own SHA-1, also if the announcement named another; nothing readable: nothing stored, so
            // avatar(jid) asks the network again
            avatar.ifPresent(image -> cache.save(account, image));
            events.publish(new AvatarChanged(account, jid, avatar));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            announced.remove(jid, hash);
            LOG.log(Level.FINE, account + ": cannot fetch the new avatar of " + jid, e);
        }
    }

    /** Avatars fetched from the network (PEP or vCard) by this service since it started. */
    public long fetches() {
        return fetches.get();
    }

    /** The contact's current picture from the network; every call counts in {@link #fetches()}. */
    private Optional<Avatar> fetch(XMPPTCPConnection connection, EntityBareJid contact) throws Exception {
        fetches.incrementAndGet();
        Optional<Avatar> fromPep = fromPep(connection, contact);
        return fromPep.isPresent() ? fromPep : fromVCard(connection, contact);
    }

    /** Sets the user's own picture (PNG or JPEG, at most 1 MiB). */
    @Override
    public CompletableFuture<Void> setOwn(byte[] image, String mimeType) {
        Objects.requireNonNull(image, "image");
        if (image.length == 0 || image.length > MAX_BYTES) {
            throw new IllegalArgumentException("an avatar must have 1 byte to 1 MiB, got " + image.length);
        }
        if (!mimeType.equals("image/png") && !mimeType.equals("image/jpeg")) {
            throw new IllegalArgumentException("an avatar must be image/png or image/jpeg, got " + mimeType);
        }
        byte[] copy = image.clone();
        return call(connection -> {
            VCardManager vcards = VCardManager.getInstanceFor(connection);
            VCard own = vcards.loadVCard();
            own.setAvatar(copy, mimeType);
            vcards.saveVCard(own);
            presenceAgain(connection);
            return null;
        });
    }

    /**
     * Removes the user's own picture from the vCard, then publishes XEP-0084 metadata without {@code <info/>} (the
     * XEP's way to say "no avatar"): Prosody's {@code mod_vcard_legacy} empties the avatar nodes for a vCard without
     * a photo but notifies nobody. The profile forgets the picture at once, since no announcement of "none" comes
     * back to the account itself.
     */
    @Override
    public CompletableFuture<Void> removeOwn() {
        return call(connection -> {
            VCardManager vcards = VCardManager.getInstanceFor(connection);
            VCard own = vcards.loadVCard();
            own.removeAvatar();
            vcards.saveVCard(own);
            PepManager.getInstanceFor(connection).publish(METADATA_NODE, new PayloadItem<>(
                    new SimplePayload("<metadata xmlns='" + METADATA_NODE + "'/>")));
            announce(account, "");
            presenceAgain(connection);
            return null;
        });
    }

    /**
     * The user's presence again, unchanged, after the picture changed (XEP-0153): the server stamps it with the new
     * hash, and the last presence it keeps for contacts who log in later names the picture that is there.
     */
    private void presenceAgain(XMPPTCPConnection connection) throws Exception {
        if (ownPresence.online()) {
            connection.sendStanza(ownPresence.build(connection.getStanzaFactory()));
        }
    }

    /**
     * The contact's picture, if they have one the user may see: the stored image of the hash they announced last
     * (also offline), else fetched (only online; not stored, since no announcement says which hash is current).
     */
    @Override
    public CompletableFuture<Optional<Avatar>> avatar(String jid) {
        EntityBareJid contact = bare(jid);
        String key = contact.toString();
        return CompletableFuture.supplyAsync(() -> stored(key)).thenCompose(stored -> stored.isPresent()
                ? CompletableFuture.completedFuture(stored.get())
                : this.<Optional<Avatar>>call(connection -> fetch(connection, contact)));
    }

    /**
     * The stored image of the hash {@code jid} announced last, if any. "None" is not taken from the profile: a
     * server announces it for a moment while it swaps a picture, so the network is asked.
     */
    private Optional<Optional<Avatar>> stored(String jid) {
        return cache.announced(account, jid).filter(hash -> !hash.isEmpty())
                .flatMap(hash -> cache.find(account, jid, hash)).map(Optional::of);
    }

    private Optional<Avatar> fromPep(XMPPTCPConnection connection, BareJid contact) {
        try {
            PubSubManager pep = PubSubManager.getInstanceFor(connection, contact);
            LeafNode metadata = pep.getLeafNode(METADATA_NODE);
            List<Item> metaItems = metadata.getItems(1);
            if (metaItems.isEmpty()) {
                return Optional.empty();
            }
            String id = metaItems.get(0).getId();
            String mimeType = Optional.ofNullable(child(metaItems.get(0), "info")).map(info -> info.getAttributeValue("type"))
                    .orElse("image/png");
            List<Item> data = pep.getLeafNode(DATA_NODE).getItems(List.of(id));
            StandardExtensionElement payload = data.isEmpty() ? null : payload(data.get(0));
            if (payload == null || payload.getText() == null) {
                return Optional.empty();
            }
            byte[] bytes = Base64.getMimeDecoder().decode(payload.getText());
            String sha1 = sha1(bytes);
            if (!sha1.equalsIgnoreCase(id)) { // XEP-0084: the item id is the SHA-1 of the data
                LOG.warning(() -> account + ": avatar of " + contact + " does not match its id; ignored");
                return Optional.empty();
            }
            return Optional.of(new Avatar(contact.toString(), bytes, mimeType, sha1, Avatar.Source.PEP));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(Level.FINE, "no XEP-0084 avatar for " + contact, e);
            return Optional.empty();
        }
    }

    private Optional<Avatar> fromVCard(XMPPTCPConnection connection, EntityBareJid contact) throws Exception {
        VCard vcard = VCardManager.getInstanceFor(connection).loadVCard(contact);
        byte[] bytes = vcard.getAvatar();
        if (bytes == null || bytes.length == 0) {
            return Optional.empty();
        }
        String type = vcard.getAvatarMimeType() == null ? "image/png" : vcard.getAvatarMimeType();
        return Optional.of(new Avatar(contact.toString(), bytes, type, sha1(bytes), Avatar.Source.VCARD));
    }

    /** Smack hands unknown PubSub payloads over as XML text ({@code SimplePayload}); parse that into elements. */
    private static StandardExtensionElement payload(Item item) {
        if (item instanceof PayloadItem<?> payloadItem) {
            ExtensionElement element = payloadItem.getPayload();
            if (element instanceof StandardExtensionElement standard) {
                return standard;
            }
            if (element instanceof SimplePayload simple) {
                try {
                    XmlPullParser parser = PacketParserUtils.getParserFor(simple.toXML().toString());
                    return StandardExtensionElementProvider.INSTANCE.parse(parser);
                } catch (Exception e) {
                    LOG.log(Level.FINE, "unreadable avatar payload", e);
                }
            }
        }
        return null;
    }

    private static StandardExtensionElement child(Item item, String name) {
        StandardExtensionElement payload = payload(item);
        return payload == null ? null : payload.getFirstElement(name);
    }

    static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> CompletableFuture<T> call(ConnectionSupervisor.NetworkCall<T> work) {
        return supervisor.call(worker, "this avatar action", work);
    }

    private static EntityBareJid bare(String jid) {
        try {
            return JidCreate.entityBareFrom(Objects.requireNonNull(jid, "jid"));
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("not a valid contact address (user@server): " + jid, e);
        }
    }
}
