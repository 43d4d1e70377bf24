package org.sotto.core.internal.omemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.MessageStatus;
import org.sotto.core.api.chat.SendException;
import org.sotto.core.api.event.ChatEncryptionChanged;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.api.event.OmemoSendBlocked;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.omemo.OmemoTestSupport.HandMadeDevice;
import org.sotto.core.internal.omemo.element.DeviceListElement;
import org.sotto.core.internal.omemo.element.EncryptedElement;
import org.sotto.core.internal.omemo.element.OmemoNamespaces;
import org.sotto.core.internal.persistence.OutboxEntry;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.OmemoUri;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.TrustRecord;
import org.sotto.crypto.spi.SignedPreKeyPair;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;
import org.sotto.testkit.TestClock;

/**
 * OMEMO devices, trust state and the 1:1 send path on a real Prosody: the device list cache (followed through pushes
 * for contacts, aged for others), inactive devices, the chat encryption state, blocked sends, the offline queue
 * encrypted after reconnecting, encrypted replies and reactions, own devices and their removal, the device id
 * collision check, and prekey maintenance with a clock the test moves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OmemoDevicesTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    static final Set<OmemoVersion> BOTH = EnumSet.allOf(OmemoVersion.class);

    static final TestClock clock = TestClock.startingNow();
    static final InMemoryOmemoStore aliceStore = new InMemoryOmemoStore();
    static TestSotto aliceDevice;
    static TestSotto bobLaptop;
    static TestSotto carolDevice;
    static TestSotto erinDevice;
    static AccountSession alice;
    static AccountSession bob;
    static AccountSession carol;
    static String aliceJid;
    static String bobJid;
    static String carolJid;
    static String erinJid;
    static XMPPTCPConnection bobPlain;
    static XMPPTCPConnection alicePlain;
    static final BlockingQueue<Message> onTheWire = new LinkedBlockingQueue<>();
    static HandMadeDevice bob3;

    @BeforeAll
    static void accounts() throws Exception {
        ProsodyServer server = PROSODY.server();
        aliceJid = server.register("alice", "alice-pw");
        bobJid = server.register("bob", "bob-pw");
        carolJid = server.register("carol", "carol-pw");
        erinJid = server.register("erin", "erin-pw");
        aliceDevice = TestSotto.start(server);
        bobLaptop = TestSotto.start(server);
        carolDevice = TestSotto.start(server);
        erinDevice = TestSotto.start(server);
        alice = aliceDevice.sotto.accounts().add(aliceDevice.record(aliceJid), "alice-pw");
        alice.enableOmemo(aliceStore, BOTH, OmemoOptions.defaults().withClock(clock));
        online(alice);
        bob = bobLaptop.sotto.accounts().add(bobLaptop.record(bobJid), "bob-pw");
        bob.enableOmemo(new InMemoryOmemoStore(), BOTH);
        online(bob);
        carol = carolDevice.sotto.accounts().add(carolDevice.record(carolJid), "carol-pw");
        carol.enableOmemo(new InMemoryOmemoStore(), BOTH);
        online(carol);
        OmemoTestSupport.mutualContacts(aliceDevice, alice, bobLaptop, bob);
        bobPlain = OmemoTestSupport.plain(server, bobJid, "bob-pw", "plain");
        bobPlain.addAsyncStanzaListener(stanza -> onTheWire.add((Message) stanza), StanzaTypeFilter.MESSAGE);
        alicePlain = OmemoTestSupport.plain(server, aliceJid, "alice-pw", "raw");
    }

    static void online(AccountSession session) {
        ConnectionState state = session.connect().orTimeout(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS).join();
        assertInstanceOf(ConnectionState.Online.class, state);
    }

    @AfterAll
    static void close() {
        bobPlain.disconnect();
        alicePlain.disconnect();
        for (TestSotto device : List.of(aliceDevice, bobLaptop, carolDevice, erinDevice)) {
            device.close();
        }
    }

    static OmemoService omemo() {
        return alice.omemo().orElseThrow();
    }

    static ChatMessage received(TestSotto device, String body) {
        return device.await(MessageAdded.class, e -> e.message().body().equals(body)).message();
    }

    static DeviceAddress laptop() {
        return new DeviceAddress(bobJid, bob.omemo().orElseThrow().ownDeviceId());
    }

    /** The next stanza from alice with an OMEMO 2 element that reaches bob's plain client. */
    static Message nextEncryptedFromAlice() throws InterruptedException {
        while (true) {
            Message m = onTheWire.poll(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(m, "nothing encrypted from alice reached bob's plain client");
            if (m.getFrom() != null && m.getFrom().asBareJid().toString().equals(aliceJid)
                    && m.hasExtension(EncryptedElement.ELEMENT, OmemoNamespaces.V2)) {
                return m;
            }
        }
    }

    static EncryptedElement v2(Message m) {
        return (EncryptedElement) m.getExtension(EncryptedElement.ELEMENT, OmemoNamespaces.V2);
    }

    @Test
    @Order(1)
    void aContactsDeviceListIsNotFetchedForEveryMessageAndAFollowedOneNotEvenLater() {
        // bob is a contact: his device lists reach alice as PEP pushes, so the chat is known to be encrypted before
        // anything was fetched
        Await.until("bob's devices pushed to alice", () -> omemo().encryptionState(bobJid).get() == Encryption.E2EE_TRUSTED);
        assertEquals(Encryption.DEVICES_UNKNOWN, omemo().encryptionState(carolJid).get(),
                "nothing known about carol yet: not plaintext, which she did not choose");
        Await.done(alice.chats().send(bobJid, "one"));
        received(bobLaptop, "one");
        int afterFirst = omemo().deviceListFetches();
        Await.done(alice.chats().send(bobJid, "two"));
        received(bobLaptop, "two");
        assertEquals(afterFirst, omemo().deviceListFetches(), "the second message used the cached lists");
        assertEquals(Encryption.E2EE_TRUSTED, omemo().encryptionState(bobJid).get());

        Await.done(alice.chats().send(carolJid, "c1"));
        received(carolDevice, "c1");
        int afterCarol = omemo().deviceListFetches();
        Await.done(alice.chats().send(carolJid, "c2"));
        assertEquals(afterCarol, omemo().deviceListFetches());

        // carol is no contact: her lists are not pushed to alice, so they age; bob's are followed through pushes
        clock.advance(Duration.ofMinutes(6));
        Await.done(alice.chats().send(bobJid, "three"));
        assertEquals(afterCarol, omemo().deviceListFetches(), "bob's followed lists are not fetched again");
        Await.done(alice.chats().send(carolJid, "c3"));
        assertTrue(omemo().deviceListFetches() > afterCarol, "carol's aged lists are fetched again");
        received(carolDevice, "c3");
    }

    @Test
    @Order(1)
    void plaintextInAnEncryptedChatIsMarkedAsSuchWhileTheChatStaysEncrypted() throws Exception {
        bobPlain.sendStanza(StanzaBuilder.buildMessage()
                .to(JidCreate.entityBareFrom(aliceJid)).ofType(Message.Type.chat).setBody("plain from bob").build());
        assertEquals(Encryption.PLAINTEXT, received(aliceDevice, "plain from bob").encryption());
        assertEquals(Encryption.E2EE_TRUSTED, omemo().encryptionState(bobJid).get(), "the chat itself is encrypted");
    }

    @Test
    @Order(1)
    void aDevicesLabelShowsOnlyWhenItsOwnIdentityKeySignedIt() throws Exception {
        String frankJid = PROSODY.server().register("frank", "frank-pw");
        XMPPTCPConnection frankPlain = OmemoTestSupport.plain(PROSODY.server(), frankJid, "frank-pw", "raw");
        try {
            HandMadeDevice phone = new HandMadeDevice(frankJid);
            HandMadeDevice laptop = new HandMadeDevice(frankJid);
            phone.publishBundle(frankPlain);
            laptop.publishBundle(frankPlain);
            OmemoPepManager.getInstanceFor(frankPlain).publishDeviceList(DeviceListElement.v2(List.of(
                    phone.labelled("Frank's phone", phone), laptop.labelled("Frank's laptop", phone))));
            Await.done(omemo().devices(frankJid, true));
            Map<Integer, Optional<String>> labels = new HashMap<>();
            omemo().knownDevices(frankJid).forEach(d -> labels.put(d.address().deviceId(), d.label()));
            assertEquals(Map.of(phone.id(), Optional.of("Frank's phone"), laptop.id(), Optional.empty()), labels,
                    "the laptop's label is signed by another device's key: ignored");
            assertTrue(omemo().knownDevices(frankJid).stream().allMatch(d -> d.lastSeen().isPresent()));
        } finally {
            frankPlain.disconnect();
        }
    }

    @Test
    @Order(2)
    void aDeviceThatLeavesTheListGetsNoKeyAndANewDeviceOfAVerifiedContactBlocksUntilDecided() throws Exception {
        HandMadeDevice bob2 = new HandMadeDevice(bobJid);
        bob2.publishBundle(bobPlain);
        DeviceAddress second = new DeviceAddress(bobJid, bob2.id());
        OmemoTestSupport.publishV2List(bobPlain, List.of(laptop().deviceId(), bob2.id()));
        Await.until("alice heard of bob's second device", () -> omemo().knownDevices(bobJid).stream()
                .anyMatch(d -> d.address().equals(second) && d.active()));
        onTheWire.clear();
        Await.done(alice.chats().send(bobJid, "to both"));
        assertTrue(v2(nextEncryptedFromAlice()).keyFor(bobJid, bob2.id()).isPresent());

        OmemoTestSupport.publishV2List(bobPlain, List.of(laptop().deviceId()));
        Await.until("the second device is inactive at alice", () -> omemo().knownDevices(bobJid).stream()
                .anyMatch(d -> d.address().equals(second) && !d.active()));
        assertTrue(omemo().trust().trust(second).isPresent(), "an inactive device keeps its trust record");
        onTheWire.clear();
        Await.done(alice.chats().send(bobJid, "to the laptop only"));
        EncryptedElement onlyLaptop = v2(nextEncryptedFromAlice());
        assertFalse(onlyLaptop.keyFor(bobJid, bob2.id()).isPresent());
        assertTrue(onlyLaptop.keyFor(bobJid, laptop().deviceId()).isPresent());

        Await.done(omemo().decide(laptop(), TrustLevel.VERIFIED));
        aliceDevice.await(ChatEncryptionChanged.class, e -> e.peer().equals(bobJid) && e.encryption() == Encryption.E2EE_VERIFIED);

        bob3 = new HandMadeDevice(bobJid);
        bob3.publishBundle(bobPlain);
        OmemoTestSupport.publishV2List(bobPlain, List.of(laptop().deviceId(), bob3.id()));
        aliceDevice.await(ChatEncryptionChanged.class,
                e -> e.peer().equals(bobJid) && e.encryption() == Encryption.E2EE_UNTRUSTED_DEVICES);
        CompletionException blocked = assertThrows(CompletionException.class,
                () -> alice.chats().send(bobJid, "needs a decision").join());
        DeviceAddress third = new DeviceAddress(bobJid, bob3.id());
        OmemoSendBlocked event = aliceDevice.await(OmemoSendBlocked.class, e -> addresses(e).contains(third));
        assertEquals(SendException.Reason.TRUST_DECISION_NEEDED, event.reason());
        assertTrue(event.messageKey().isEmpty(), "an online send fails its future; nothing was stored");

        Await.done(omemo().decide(third, TrustLevel.DISTRUSTED));
        assertEquals(Encryption.E2EE_VERIFIED, omemo().encryptionState(bobJid).get());
        ChatMessage sent = Await.done(alice.chats().send(bobJid, "after deciding"));
        assertEquals(Encryption.E2EE_VERIFIED, sent.encryption());
        received(bobLaptop, "after deciding");
    }

    @Test
    @Order(3)
    void whatIsWrittenOfflineGoesOutEncryptedAndInOrderAfterReconnectingWithRepliesAndReactions() throws Exception {
        Await.done(bob.chats().send(aliceJid, "react to me"));
        ChatMessage target = received(aliceDevice, "react to me");
        Await.done(alice.disconnect());
        onTheWire.clear();

        ChatMessage first = Await.done(alice.chats().send(bobJid, "offline one"));
        ChatMessage second = Await.done(alice.chats().reply(target, "offline two"));
        Await.done(alice.chats().react(target, Set.of("\uD83D\uDC4D")));
        assertEquals(MessageStatus.PENDING, first.status());
        List<OutboxEntry> queued = aliceDevice.persistence.outbox().pending(aliceJid);
        assertEquals(3, queued.size());
        assertTrue(queued.stream().allMatch(e -> e.stanzaXml().contains(OmemoService.ENCRYPT_LATER_NAMESPACE)),
                "queued for encryption when it goes out");

        online(alice);
        received(bobLaptop, "offline one");
        ChatMessage reply = received(bobLaptop, "offline two");
        assertEquals(target.referenceId(), reply.replyToId(), "the encrypted reply points at the original");
        ChatMessage reacted = bobLaptop.await(MessageUpdated.class, e -> e.message().originId().equals(target.originId())
                && !e.message().reactions().isEmpty()).message();
        assertEquals(Set.of("\uD83D\uDC4D"), reacted.reactions().get(aliceJid));
        List<ChatMessage> history = Await.done(bob.chats().history(aliceJid, Optional.empty(), 100));
        List<String> bodies = history.stream().map(ChatMessage::body).toList();
        assertTrue(bodies.indexOf("offline one") < bodies.indexOf("offline two"), bodies.toString());

        for (int i = 0; i < 3; i++) {
            String xml = nextEncryptedFromAlice().toXML().toString();
            assertFalse(xml.contains("offline one") || xml.contains("offline two") || xml.contains("\uD83D\uDC4D"), xml);
            assertFalse(xml.contains("urn:xmpp:reactions:0"), "the reaction travels inside the envelope: " + xml);
            assertFalse(xml.contains(OmemoService.ENCRYPT_LATER_NAMESPACE), xml);
        }
        Await.until("the queue is empty", () -> aliceDevice.persistence.outbox().pending(aliceJid).isEmpty());
        for (ChatMessage queuedMessage : List.of(first, second)) {
            ChatMessage stored = Await.done(alice.chats().history(bobJid, Optional.empty(), 100)).stream()
                    .filter(m -> m.key().equals(queuedMessage.key())).findFirst().orElseThrow();
            assertEquals(Encryption.E2EE_VERIFIED, stored.encryption());
            assertNotEquals(MessageStatus.PENDING, stored.status());
        }
    }

    @Test
    @Order(4)
    void aQueuedMessageWaitsForTheUsersDecisionAboutANewDevice() throws Exception {
        Await.done(alice.disconnect());
        HandMadeDevice bob4 = new HandMadeDevice(bobJid);
        bob4.publishBundle(bobPlain);
        OmemoTestSupport.publishV2List(bobPlain, List.of(laptop().deviceId(), bob3.id(), bob4.id()));
        ChatMessage waiting = Await.done(alice.chats().send(bobJid, "waits for a decision"));

        online(alice);
        DeviceAddress fourth = new DeviceAddress(bobJid, bob4.id());
        OmemoSendBlocked blocked = aliceDevice.await(OmemoSendBlocked.class,
                e -> e.messageKey().equals(Optional.of(waiting.key())));
        assertEquals(List.of(fourth), addresses(blocked));
        Await.done(alice.drain());
        assertEquals(1, aliceDevice.persistence.outbox().pending(aliceJid).size(), "still queued, not sent");

        Await.done(omemo().decide(fourth, TrustLevel.TRUSTED_BLIND));
        assertEquals(Encryption.E2EE_TRUSTED, received(bobLaptop, "waits for a decision").encryption());
    }

    @Test
    @Order(5)
    void aVerificationByUriReleasesAMessageQueuedForTheDecision() throws Exception {
        Await.done(alice.disconnect());
        HandMadeDevice bob5 = new HandMadeDevice(bobJid);
        bob5.publishBundle(bobPlain);
        List<Integer> listed = new ArrayList<>(OmemoTestSupport.v2List(bobPlain, bobJid));
        listed.add(bob5.id());
        OmemoTestSupport.publishV2List(bobPlain, listed);
        ChatMessage waiting = Await.done(alice.chats().send(bobJid, "waits for a verification"));

        online(alice);
        DeviceAddress fifth = new DeviceAddress(bobJid, bob5.id());
        OmemoSendBlocked blocked = aliceDevice.await(OmemoSendBlocked.class,
                e -> e.messageKey().equals(Optional.of(waiting.key())));
        assertEquals(List.of(fifth), addresses(blocked));
        String fingerprint = bob5.protocol.ownBundle().identityFingerprint().hex();
        List<TrustRecord> verified = Await.done(omemo().verify(
                OmemoUri.parse("xmpp:" + bobJid + "?omemo-sid-" + bob5.id() + "=" + fingerprint)));
        assertEquals(List.of(TrustLevel.VERIFIED), verified.stream().map(TrustRecord::level).toList());
        assertEquals("waits for a verification", received(bobLaptop, "waits for a verification").body(), "it went out");
        // the entry leaves the outbox once the server acknowledged the stanza
        Await.until("nothing waits any more", () -> aliceDevice.persistence.outbox().pending(aliceJid).isEmpty());
    }

    @Test
    @Order(4)
    void aMessageQueuedOfflineForAContactWithoutDevicesFailsVisiblyAndIsNeverSentInPlaintext() throws Exception {
        String daveJid = PROSODY.server().register("dave", "dave-pw");
        XMPPTCPConnection davePlain = OmemoTestSupport.plain(PROSODY.server(), daveJid, "dave-pw", "plain");
        BlockingQueue<Message> atDave = new LinkedBlockingQueue<>();
        davePlain.addAsyncStanzaListener(stanza -> atDave.add((Message) stanza), StanzaTypeFilter.MESSAGE);
        try {
            Await.done(alice.disconnect());
            ChatMessage queued = Await.done(alice.chats().send(daveJid, "never in plaintext"));
            online(alice);
            OmemoSendBlocked failed = aliceDevice.await(OmemoSendBlocked.class,
                    e -> e.messageKey().equals(Optional.of(queued.key())));
            assertEquals(SendException.Reason.NO_DEVICES, failed.reason());
            aliceDevice.await(MessageUpdated.class, e -> e.message().key().equals(queued.key())
                    && e.message().status() == MessageStatus.FAILED);
            assertTrue(aliceDevice.persistence.outbox().pending(aliceJid).isEmpty());
            // a later plaintext message (by choice) arrives; the queued one never did
            omemo().setPlaintext(daveJid, true);
            Await.done(alice.chats().send(daveJid, "plaintext by choice"));
            Message first = atDave.poll(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(first);
            assertEquals("plaintext by choice", first.getBody());
        } finally {
            davePlain.disconnect();
        }
    }

    @Test
    @Order(5)
    void ownDevicesAreListedWithFingerprintsAndAStaleOneIsRemovedFromBothListsWithItsBundles() throws Exception {
        HandMadeDevice old = new HandMadeDevice(aliceJid);
        old.publishBundle(alicePlain);
        int self = omemo().ownDeviceId();
        OmemoPepManager pep = OmemoPepManager.getInstanceFor(alicePlain);
        pep.publishDeviceList(DeviceListElement.legacy(List.of(self, old.id())));
        OmemoTestSupport.publishV2List(alicePlain, List.of(self, old.id()));

        List<OmemoService.OmemoDevice> own = Await.done(omemo().ownDevices());
        OmemoService.OmemoDevice me = own.stream().filter(OmemoService.OmemoDevice::thisDevice).findFirst().orElseThrow();
        assertEquals(self, me.address().deviceId());
        assertEquals(Optional.of(omemo().ownFingerprint()), me.fingerprint());
        OmemoService.OmemoDevice stale = own.stream().filter(d -> d.address().deviceId() == old.id()).findFirst().orElseThrow();
        assertEquals(Optional.of(old.protocol.ownFingerprint()), stale.fingerprint());
        assertEquals(Optional.of(TrustLevel.TRUSTED_BLIND), stale.trust());
        assertTrue(stale.active());

        assertThrows(IllegalArgumentException.class, () -> omemo().removeOwnDevice(self));
        Await.done(omemo().removeOwnDevice(old.id()));
        assertEquals(List.of(self), OmemoTestSupport.v2List(alicePlain, aliceJid));
        assertEquals(List.of(self), pep.fetchDeviceList(JidCreate.bareFrom(aliceJid), true).deviceIds());
        assertTrue(pep.fetchBundle(JidCreate.bareFrom(aliceJid), old.id(), false).isEmpty(), "its bundle is gone");
        assertTrue(pep.fetchBundle(JidCreate.bareFrom(aliceJid), self, false).isPresent(), "this device's bundle stays");
        assertFalse(omemo().knownDevices(aliceJid).stream().filter(d -> d.address().deviceId() == old.id())
                .findFirst().orElseThrow().active());
    }

    @Test
    @Order(6)
    void aNewDeviceIdThatAnotherOwnDeviceUsesIsReplacedBeforePublishing() throws Exception {
        XMPPTCPConnection erinPlain = OmemoTestSupport.plain(PROSODY.server(), erinJid, "erin-pw", "raw");
        try {
            HandMadeDevice other = new HandMadeDevice(erinJid);
            other.publishBundle(erinPlain);
            OmemoTestSupport.publishV2List(erinPlain, List.of(other.id()));
            ArrayDeque<Integer> ids = new ArrayDeque<>(List.of(other.id(), 777_777));
            Random forced = new Random() {
                @Override
                public int nextInt() {
                    return ids.isEmpty() ? super.nextInt() : ids.poll();
                }
            };
            AccountSession erin = erinDevice.sotto.accounts().add(erinDevice.record(erinJid), "erin-pw");
            erin.enableOmemo(new InMemoryOmemoStore(), BOTH, OmemoOptions.defaults().withDeviceIdRandom(forced));
            assertEquals(other.id(), erin.omemo().orElseThrow().ownDeviceId(), "the collision the test forces");
            online(erin);
            assertEquals(777_777, erin.omemo().orElseThrow().ownDeviceId());
            assertEquals(Set.of(other.id(), 777_777), Set.copyOf(OmemoTestSupport.v2List(erinPlain, erinJid)));
        } finally {
            erinPlain.disconnect();
        }
    }

    @Test
    @Order(7)
    void theSignedPrekeyRotatesWeeklyIsRepublishedAndTheOldOneGoesAfterTheGracePeriod() throws Exception {
        int self = omemo().ownDeviceId();
        OmemoPepManager pep = OmemoPepManager.getInstanceFor(alicePlain);
        int published = pep.fetchBundle(JidCreate.bareFrom(aliceJid), self, false).orElseThrow().signedPreKey().id();
        assertEquals(Set.of(), omemo().maintainBundles(), "nothing due yet");

        clock.advance(Duration.ofDays(8));
        assertEquals(BOTH, omemo().maintainBundles());
        int rotated = pep.fetchBundle(JidCreate.bareFrom(aliceJid), self, false).orElseThrow().signedPreKey().id();
        assertNotEquals(published, rotated, "the new signed prekey is published");
        assertEquals(Set.of(published, rotated), ids(aliceStore.loadSignedPreKeys(OmemoVersion.V2)), "the old one is kept");

        clock.advance(Duration.ofDays(31));
        omemo().maintainBundles();
        Set<Integer> kept = ids(aliceStore.loadSignedPreKeys(OmemoVersion.V2));
        assertFalse(kept.contains(published), "dropped 30 days after it was replaced");
        assertTrue(kept.contains(rotated), "replaced only now: still in its grace period");
    }

    static Set<Integer> ids(List<SignedPreKeyPair> keys) {
        return keys.stream().map(SignedPreKeyPair::id).collect(Collectors.toSet());
    }

    /** The devices a blocked send names, by address. */
    private static List<DeviceAddress> addresses(OmemoSendBlocked event) {
        return event.devices().stream().map(d -> new DeviceAddress(d.jid(), d.deviceId())).toList();
    }
}
