package org.sotto.app.notify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.prefs.Preferences;

import javax.imageio.ImageIO;

import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.sotto.app.DemoAccess;
import org.sotto.app.UiThread;
import org.sotto.app.settings.UserSettings;
import org.sotto.app.ui.Strings;
import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * Notifications on a private session bus ({@code dbus-daemon}) with a fake {@code org.freedesktop.Notifications}
 * exported by the test, for messages between two accounts on a real Prosody: what each privacy setting lets a
 * notification say, one notification per chat replaced in place, closed when the chat is read, "Open" reporting the
 * chat, and what notifies nothing (own messages, muted chats, do-not-disturb, the chat open and focused).
 */
class NotifierTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final ProfileOptions OPTIONS = ProfileOptions.defaults().withConnectOnOpen(false);

    @TempDir
    Path dir;
    private Process daemon;
    private String address;
    private final UiThread ui = new UiThread();
    private SottoProfile alices;
    private SottoProfile bobs;
    private Preferences node;

    /** One Notify call as the service saw it. */
    record Shown(UInt32 id, UInt32 replaces, String appName, String icon, String summary, String body,
                 List<String> actions, Map<String, Variant<?>> hints) {
    }

    /** The desktop's notification service, as the test sees it: every call recorded. */
    static final class FakeService implements FreedesktopNotifications {
        final BlockingQueue<Shown> shown = new LinkedBlockingQueue<>();
        final BlockingQueue<UInt32> closed = new LinkedBlockingQueue<>();
        final AtomicInteger ids = new AtomicInteger();

        @Override
        public UInt32 Notify(String appName, UInt32 replacesId, String appIcon, String summary, String body,
                             List<String> actions, Map<String, Variant<?>> hints, int expireTimeout) {
            UInt32 id = replacesId.intValue() != 0 ? replacesId : new UInt32(ids.incrementAndGet());
            shown.add(new Shown(id, replacesId, appName, appIcon, summary, body, actions, hints));
            return id;
        }

        @Override
        public void CloseNotification(UInt32 id) {
            closed.add(id);
        }

        @Override
        public String getObjectPath() {
            return OBJECT_PATH;
        }
    }

    @BeforeEach
    void startBus() throws Exception {
        daemon = new ProcessBuilder("dbus-daemon", "--session", "--nofork", "--print-address",
                "--address=unix:path=" + dir.resolve("bus")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        address = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))
                .readLine().strip();
        node = Preferences.userRoot().node("sotto-test-notifier-" + System.nanoTime());
    }

    @AfterEach
    void stop() throws Exception {
        ui.close();
        if (alices != null) {
            alices.close();
        }
        if (bobs != null) {
            bobs.close();
        }
        node.removeNode();
        daemon.destroy();
        daemon.waitFor(10, TimeUnit.SECONDS);
    }

    private static Account online(SottoProfile profile, ProsodyServer server, String jid) throws Exception {
        Account account = profile.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort())
                .withPinnedCertificate(DemoAccess.sha256(server)), "pw");
        assertTrue(account.connect().get(30, TimeUnit.SECONDS) instanceof ConnectionState.Online);
        return account;
    }

    private static Account online(SottoProfile profile, ProsodyServer server, String jid, String resource)
            throws Exception {
        Account account = profile.accounts().add(AccountRecord.of(jid).withResource(resource)
                .withServer(server.host(), server.c2sPort()).withPinnedCertificate(DemoAccess.sha256(server)), "pw");
        assertTrue(account.connect().get(30, TimeUnit.SECONDS) instanceof ConnectionState.Online);
        return account;
    }

    private static void awaitDevices(Account account, String peer, int count) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (account.trust().refresh(peer).get(10, TimeUnit.SECONDS).size() < count) {
            assertTrue(System.nanoTime() < until, peer + " has " + count + " devices");
            Thread.sleep(200);
        }
    }

    /** The image-data hint's seven values, as they crossed the bus. */
    private static Optional<Object[]> imageData(Shown shown) {
        Variant<?> hint = shown.hints().get("image-data");
        if (hint == null) {
            return Optional.empty();
        }
        Object value = hint.getValue();
        return Optional.of(value instanceof Object[] parts ? parts : ((Struct) value).getParameters());
    }

    /** An array of bytes as it crossed the bus inside a variant: a byte[] or a list of Byte. */
    private static byte[] bytes(Object value) {
        if (value instanceof byte[] array) {
            return array;
        }
        List<?> list = (List<?>) value;
        byte[] array = new byte[list.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = (Byte) list.get(i);
        }
        return array;
    }

    private static byte[] png(int width, int height, int argb) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, argb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static Shown next(FakeService service) throws InterruptedException {
        Shown shown = service.shown.poll(30, TimeUnit.SECONDS);
        assertNotNull(shown, "a notification was shown");
        return shown;
    }

    @Test
    void whatANotificationSaysFollowsTheSettingsAndOneChatIsOneNotification() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "pw");
        String bob = server.register("bob", "pw");
        alices = Profiles.inMemory(OPTIONS);
        bobs = Profiles.inMemory(OPTIONS);
        Account a = online(alices, server, alice);
        Account b = online(bobs, server, bob);
        b.trust().setPlaintext(alice, true); // no OMEMO needed to test notifications
        a.trust().setPlaintext(bob, true);

        try (DBusConnection serviceSide = DBusConnectionBuilder.forAddress(address).withShared(false).build()) {
            FakeService service = new FakeService();
            serviceSide.requestBusName(FreedesktopNotifications.BUS_NAME);
            serviceSide.exportObject(FreedesktopNotifications.OBJECT_PATH, service);
            UserSettings settings = new UserSettings(node);
            AtomicBoolean locked = new AtomicBoolean();
            AtomicBoolean shownAndFocused = new AtomicBoolean();
            BlockingQueue<String> opened = new LinkedBlockingQueue<>();
            NotificationSink sink = DesktopNotifications.connect(Optional.of(address), opened::add);
            Notifier notifier = ui.get(() -> new Notifier(alices, settings, sink, ui,
                    (account, peer) -> shownAndFocused.get(), locked::get));
            // subscribed after the notifier: a message seen here reached the notifier's queue on the UI thread first
            Set<String> delivered = ConcurrentHashMap.newKeySet();
            alices.subscribe(MessageAdded.class, Optional.empty(), ui,
                    added -> added.forEach(m -> delivered.add(m.message().body())));

            // the defaults: who wrote, not what; with his picture (200 x 100, red), as pixels
            b.avatars().setOwn(png(200, 100, 0xffd02020), "image/png").get(10, TimeUnit.SECONDS);
            b.chats().send(alice, "the first secret").get(10, TimeUnit.SECONDS);
            Shown first = next(service);
            assertEquals("Sotto", first.appName());
            assertTrue(first.icon().startsWith("file:") && first.icon().endsWith(".png"), first.icon());
            assertEquals("New message from " + bob, first.summary());
            Object[] image = imageData(first).orElseThrow(() -> new AssertionError("no picture: " + first.hints()));
            assertEquals(List.of(96, 48, 96 * 4, true, 8, 4), List.of(image).subList(0, 6), "(iiibii) of image-data");
            assertEquals("(iiibiiay)", first.hints().get("image-data").getSig(), "the type the specification names");
            byte[] pixels = bytes(image[6]);
            assertEquals(96 * 48 * 4, pixels.length);
            assertArrayEquals(new byte[] {(byte) 0xd0, 0x20, 0x20, (byte) 0xff}, Arrays.copyOfRange(pixels, 0, 4),
                    "RGBA");
            assertEquals("", first.body(), "no text unless the user allows it");
            assertEquals(0, first.replaces().intValue());
            assertEquals(List.of("default", "Open"), first.actions());

            // the text, when allowed; the same chat replaces its notification
            ui.run(() -> settings.showTextProperty().set(true));
            b.chats().send(alice, "the second secret").get(10, TimeUnit.SECONDS);
            Shown second = next(service);
            assertEquals(bob, second.summary());
            assertEquals("the second secret", second.body());
            assertEquals(first.id(), second.replaces(), "one notification per chat");

            // no sender: nothing that names anyone
            ui.run(() -> settings.showSenderProperty().set(false));
            b.chats().send(alice, "the third secret").get(10, TimeUnit.SECONDS);
            Shown third = next(service);
            assertEquals("New message", third.summary());
            assertEquals("", third.body());
            assertTrue(imageData(third).isEmpty(), "no picture when no name");

            // locked: the same, whatever the settings
            ui.run(() -> settings.showSenderProperty().set(true));
            locked.set(true);
            b.chats().send(alice, "while locked").get(10, TimeUnit.SECONDS);
            Shown whileLocked = next(service); // Notify is called after the decision: the lock counted
            assertEquals("New message", whileLocked.summary());
            assertEquals("", whileLocked.body());
            assertTrue(imageData(whileLocked).isEmpty(), "no picture while locked");
            locked.set(false);

            // nothing for: the chat open and focused, do-not-disturb, a muted chat, the user's own message
            shownAndFocused.set(true);
            b.chats().send(alice, "seen in the window").get(10, TimeUnit.SECONDS);
            awaitHandled(delivered, "seen in the window");
            shownAndFocused.set(false);
            ui.run(() -> settings.doNotDisturbProperty().set(true));
            b.chats().send(alice, "do not disturb").get(10, TimeUnit.SECONDS);
            awaitHandled(delivered, "do not disturb");
            ui.run(() -> settings.doNotDisturbProperty().set(false));
            a.chats().setMuted(bob, true).get(10, TimeUnit.SECONDS);
            b.chats().send(alice, "muted").get(10, TimeUnit.SECONDS);
            a.chats().send(bob, "my own").get(10, TimeUnit.SECONDS);
            awaitHandled(delivered, "my own");
            awaitHandled(delivered, "muted");
            a.chats().setMuted(bob, false).get(10, TimeUnit.SECONDS);
            b.chats().send(alice, "after the quiet ones").get(10, TimeUnit.SECONDS);
            Shown after = next(service);
            assertEquals("after the quiet ones", after.body(), "the messages between notified nothing");
            service.closed.clear(); // answering ("my own") read the chat, which took the notification away already

            // "Open" reports the chat
            // (the fake service queues a notification before Sotto has Notify's answer, the id it is known by: a
            // signal sent at once can overtake that answer and name an id not known yet, so it is sent again)
            String tag = null;
            for (int attempt = 0; attempt < 20 && tag == null; attempt++) {
                serviceSide.sendMessage(new FreedesktopNotifications.ActionInvoked(
                        FreedesktopNotifications.OBJECT_PATH, after.id(), "default"));
                tag = opened.poll(500, TimeUnit.MILLISECONDS);
            }
            assertNotNull(tag, "ActionInvoked came back");
            assertArrayEquals(new String[] {alice, bob}, Notifier.chatOf(tag).orElseThrow());

            // read: the notification goes
            a.chats().markRead(bob).get(10, TimeUnit.SECONDS);
            assertEquals(after.id(), service.closed.poll(10, TimeUnit.SECONDS), "CloseNotification on read");

            // a contact request notifies on its own
            b.contacts().add(alice, Optional.empty(), Set.of()).get(10, TimeUnit.SECONDS);
            Shown request = next(service);
            assertEquals("Contact request", request.summary());
            assertTrue(request.body().startsWith(bob), request.body());
            assertFalse(request.id().equals(after.id()), "not the chat's notification");
            ui.run(notifier::close);
        }
    }

    @Test
    void aContactsNewDeviceNotifiesOnItsOwnAndNamesNoOneWhileLocked() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice-devices", "pw");
        String bob = server.register("bob-devices", "pw");
        alices = Profiles.inMemory(OPTIONS);
        bobs = Profiles.inMemory(OPTIONS);
        Account a = online(alices, server, alice);
        Account b = online(bobs, server, bob);
        // contacts of each other: each follows the other's device list
        b.contacts().preApprove(alice).get(10, TimeUnit.SECONDS);
        a.contacts().preApprove(bob).get(10, TimeUnit.SECONDS);
        a.contacts().add(bob, Optional.of("Bob"), Set.of()).get(10, TimeUnit.SECONDS);
        b.contacts().add(alice, Optional.of("Alice"), Set.of()).get(10, TimeUnit.SECONDS);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (a.trust().refresh(bob).get(10, TimeUnit.SECONDS).isEmpty()) { // bob's first list: no event
            assertTrue(System.nanoTime() < until, "alice knows bob's device");
            Thread.sleep(100);
        }

        try (DBusConnection serviceSide = DBusConnectionBuilder.forAddress(address).withShared(false).build();
             SottoProfile laptops = Profiles.inMemory(OPTIONS)) {
            FakeService service = new FakeService();
            serviceSide.requestBusName(FreedesktopNotifications.BUS_NAME);
            serviceSide.exportObject(FreedesktopNotifications.OBJECT_PATH, service);
            UserSettings settings = new UserSettings(node);
            AtomicBoolean locked = new AtomicBoolean();
            NotificationSink sink = DesktopNotifications.connect(Optional.of(address), tag -> { });
            Notifier notifier = ui.get(() -> new Notifier(alices, settings, sink, ui, (account, peer) -> false,
                    locked::get));

            // bob signs in on a laptop: a new device in his list, a decision for alice
            online(laptops, server, bob, "laptop");
            awaitDevices(a, bob, 2); // the server's push may take a while; a fetch (as a send does) finds it too
            Shown device = next(service);
            assertEquals("New device", device.summary());
            assertEquals(Strings.get("notify.device.of", bob), device.body());
            assertEquals(List.of("default", "Open"), device.actions());

            // locked: the same, naming no one
            locked.set(true);
            try (SottoProfile tablets = Profiles.inMemory(OPTIONS)) {
                online(tablets, server, bob, "tablet");
                awaitDevices(a, bob, 3);
                Shown whileLocked = next(service);
                assertEquals("New device", whileLocked.summary());
                assertEquals(Strings.get("notify.device.anonymous"), whileLocked.body());
                assertFalse(whileLocked.body().contains(bob));
            }
            ui.run(notifier::close);
        }
    }

    /** Waits until the notifier has handled the message with this body (see where {@code delivered} is filled). */
    private void awaitHandled(Set<String> delivered, String body) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!delivered.contains(body)) {
            assertTrue(System.nanoTime() < until, "delivered: " + body);
            Thread.sleep(20);
        }
        ui.run(() -> { }); // the notifier's delivery was queued before the one that said so
    }

    @Test
    void withoutAServiceNothingFails() throws Exception {
        // a bus without the service: the call fails once, quietly
        NotificationSink onBus = DesktopNotifications.connect(Optional.of(address), tag -> { });
        onBus.show("x\ny", "New message", "", Optional.empty(), true);
        onBus.close("x\ny");
        onBus.close();
        // no bus at all: a sink that shows nothing
        NotificationSink none = DesktopNotifications.connect(Optional.of("unix:path=" + dir.resolve("no-bus")),
                tag -> { });
        assertEquals(NotificationSink.NONE, none);
        none.show("x\ny", "New message", "", Optional.empty(), true);
    }
}
