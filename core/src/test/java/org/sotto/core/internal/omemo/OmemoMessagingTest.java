package org.sotto.core.internal.omemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.jivesoftware.smackx.sid.element.OriginIdElement;

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
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.UndecryptableReason;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.api.event.MessageUpdated;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.core.internal.omemo.element.BundleElement;
import org.sotto.core.internal.omemo.element.DeviceListElement;
import org.sotto.core.internal.omemo.element.EncryptedElement;
import org.sotto.core.internal.omemo.element.OmemoNamespaces;
import org.sotto.core.internal.omemo.element.RecipientKey;
import org.sotto.core.internal.omemo.element.SceEnvelope;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.IdentityChangedException;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.OwnDevices;
import org.sotto.crypto.PayloadEncryption;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.TrustManager;
import org.sotto.crypto.omemo2.Omemo2Protocol;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * OMEMO 1:1 messages between Sotto cores through a real Prosody: alice, bob on two devices (the second one joins
 * later), carol who speaks only OMEMO 0.3, dave without OMEMO, and a plain Smack client of bob that shows what
 * travels on the wire.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OmemoMessagingTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    static final Set<OmemoVersion> BOTH = EnumSet.allOf(OmemoVersion.class);

    static TestSotto aliceDevice;
    static TestSotto bobLaptop;
    static TestSotto bobPhone;
    static TestSotto carolDevice;
    static TestSotto daveDevice;
    static AccountSession alice;
    static AccountSession bob;
    static AccountSession bobOnPhone;
    static AccountSession carol;
    static AccountSession dave;
    static String aliceJid;
    static String bobJid;
    static String carolJid;
    static String daveJid;
    static XMPPTCPConnection bobPlain;
    static final BlockingQueue<Message> onTheWire = new LinkedBlockingQueue<>();

    @BeforeAll
    static void accounts() throws Exception {
        ProsodyServer server = PROSODY.server();
        aliceJid = server.register("alice", "alice-pw");
        bobJid = server.register("bob", "bob-pw");
        carolJid = server.register("carol", "carol-pw");
        daveJid = server.register("dave", "dave-pw");
        aliceDevice = TestSotto.start(server);
        bobLaptop = TestSotto.start(server);
        bobPhone = TestSotto.start(server);
        carolDevice = TestSotto.start(server);
        daveDevice = TestSotto.start(server);
        alice = withOmemo(aliceDevice, aliceJid, "alice-pw", BOTH);
        bob = withOmemo(bobLaptop, bobJid, "bob-pw", BOTH);
        carol = withOmemo(carolDevice, carolJid, "carol-pw", EnumSet.of(OmemoVersion.V0_3));
        dave = daveDevice.online(daveJid, "dave-pw");
        // contacts: each follows the other's device lists through PEP pushes (bob's phone is seen when it appears)
        OmemoTestSupport.mutualContacts(aliceDevice, alice, bobLaptop, bob);
        bobPlain = Connections.create(ConnectionSettings.of(bobJid, "bob-pw").withResource("plain")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        bobPlain.addAsyncStanzaListener(stanza -> onTheWire.add((Message) stanza), StanzaTypeFilter.MESSAGE);
        bobPlain.connect().login();
    }

    static final Map<TestSotto, InMemoryOmemoStore> stores = new ConcurrentHashMap<>();

    static AccountSession withOmemo(TestSotto device, String jid, String password, Set<OmemoVersion> versions) {
        AccountSession session = device.sotto.accounts().add(device.record(jid), password);
        InMemoryOmemoStore store = new InMemoryOmemoStore();
        stores.put(device, store);
        session.enableOmemo(store, versions);
        ConnectionState state = session.connect().orTimeout(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS).join();
        assertInstanceOf(ConnectionState.Online.class, state);
        return session;
    }

    @AfterAll
    static void close() {
        bobPlain.disconnect();
        for (TestSotto device : List.of(aliceDevice, bobLaptop, bobPhone, carolDevice, daveDevice)) {
            device.close();
        }
    }

    static ChatMessage received(TestSotto device, String body) {
        return device.await(MessageAdded.class, e -> e.message().body().equals(body)).message();
    }

    @Test
    @Order(1)
    void omemo2OnTheWireAndADeviceAddedLaterCannotReadOlderMessages() throws Exception {
        ChatMessage sent = Await.done(alice.chats().send(bobJid, "before the phone existed"));
        assertEquals(Encryption.E2EE_TRUSTED, sent.encryption());
        assertEquals("before the phone existed", sent.body());

        ChatMessage onLaptop = received(bobLaptop, "before the phone existed");
        assertEquals(Encryption.E2EE_TRUSTED, onLaptop.encryption());
        assertEquals(Direction.INCOMING, onLaptop.direction());

        Message wire = onTheWire.poll(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(wire, "the plain client of bob got nothing");
        String xml = wire.toXML().toString();
        assertFalse(xml.contains("before the phone existed"), xml);
        assertEquals(OmemoService.FALLBACK_BODY, wire.getBody());
        assertTrue(wire.hasExtension("encrypted", OmemoNamespaces.V2), xml);
        assertFalse(wire.hasExtension("encrypted", OmemoNamespaces.LEGACY), "bob's devices all speak OMEMO 2: " + xml);
        assertTrue(wire.hasExtension("store", "urn:xmpp:hints"), xml);
        assertTrue(xml.contains("<encryption xmlns='urn:xmpp:eme:0' namespace='urn:xmpp:omemo:2'"), xml);

        // bob's phone appears; its catch-up finds the message, which was not encrypted for it
        bobOnPhone = withOmemo(bobPhone, bobJid, "bob-pw", BOTH);
        ChatMessage onPhone = bobPhone.await(MessageAdded.class,
                e -> e.message().originId().equals(sent.originId())).message();
        assertEquals(Encryption.UNDECRYPTABLE, onPhone.encryption());
        assertEquals(Optional.of(UndecryptableReason.NOT_FOR_THIS_DEVICE), onPhone.undecryptable());
        assertEquals("", onPhone.body(), "never the fallback text, nor the reason as text");
    }

    @Test
    @Order(2)
    void omemo2BothWaysAndBobsSecondDeviceReadsAlongIncludingItsOwnSentMessages() {
        Await.done(alice.chats().send(bobJid, "hello to both of your devices"));
        assertEquals(Encryption.E2EE_TRUSTED, received(bobLaptop, "hello to both of your devices").encryption());
        assertEquals(Encryption.E2EE_TRUSTED, received(bobPhone, "hello to both of your devices").encryption());

        Await.done(bob.chats().send(aliceJid, "hi alice, from the laptop"));
        ChatMessage atAlice = received(aliceDevice, "hi alice, from the laptop");
        assertEquals(Encryption.E2EE_TRUSTED, atAlice.encryption());
        // the carbon of bob's own message is encrypted for his phone too
        ChatMessage carbon = received(bobPhone, "hi alice, from the laptop");
        assertEquals(Direction.OUTGOING, carbon.direction());
        assertEquals(Encryption.E2EE_TRUSTED, carbon.encryption());
    }

    @Test
    @Order(3)
    void aPeerWithOnlyOmemo03GetsLegacyOmemoBothWays() {
        ChatMessage sent = Await.done(alice.chats().send(carolJid, "legacy hello"));
        assertEquals(Encryption.E2EE_TRUSTED, sent.encryption());
        assertEquals(Encryption.E2EE_TRUSTED, received(carolDevice, "legacy hello").encryption());

        Await.done(carol.chats().send(aliceJid, "legacy answer"));
        assertEquals(Encryption.E2EE_TRUSTED, received(aliceDevice, "legacy answer").encryption());
    }

    @Test
    @Order(4)
    void aContactWithoutDevicesFailsVisiblyUntilPlaintextIsChosen() {
        CompletionException failed = assertThrows(CompletionException.class,
                () -> alice.chats().send(daveJid, "not for plaintext").join());
        OmemoSendException cause = findCause(failed);
        assertEquals(OmemoSendException.Reason.NO_DEVICES, cause.reason());
        Await.done(alice.drain());
        assertTrue(Await.done(alice.chats().history(daveJid, Optional.empty(), 10)).isEmpty(),
                "a message that could not be encrypted is not stored or queued");

        alice.omemo().orElseThrow().setPlaintext(daveJid, true);
        ChatMessage sent = Await.done(alice.chats().send(daveJid, "plaintext by choice"));
        assertEquals(Encryption.PLAINTEXT, sent.encryption());
        assertEquals(Encryption.PLAINTEXT, received(daveDevice, "plaintext by choice").encryption());
        Await.done(dave.chats().send(aliceJid, "plain answer"));
        assertEquals(Encryption.PLAINTEXT, received(aliceDevice, "plain answer").encryption());
    }

    @Test
    @Order(4)
    void aRoomMessageIsNotSentInPlaintextUnlessPlaintextIsChosenForTheRoom() {
        String room = "omemo-less-room@" + ProsodyServer.MUC_DOMAIN;
        Await.done(alice.groupChats().join(room, "Alice"));
        CompletionException failed = assertThrows(CompletionException.class,
                () -> alice.groupChats().send(room, "not for plaintext either").join());
        assertEquals(OmemoSendException.Reason.ROOM_NOT_ENCRYPTABLE, findCause(failed).reason(), "an instant room is open and semi-anonymous");

        alice.omemo().orElseThrow().setPlaintext(room, true);
        ChatMessage sent = Await.done(alice.groupChats().send(room, "plaintext in the room by choice"));
        assertEquals(Encryption.PLAINTEXT, sent.encryption());
    }

    @Test
    @Order(5)
    void plaintextInAnEncryptedChatIsMarkedAsPlaintext() throws Exception {
        Message plain = StanzaBuilder.buildMessage()
                .to(JidCreate.entityBareFrom(aliceJid)).ofType(Message.Type.chat)
                .setBody("sneaky plaintext from bob").build();
        bobPlain.sendStanza(plain);
        assertEquals(Encryption.PLAINTEXT, received(aliceDevice, "sneaky plaintext from bob").encryption());
    }

    @Test
    @Order(6)
    void aDeviceThatLostItsSessionSaysSo() {
        Await.done(bobOnPhone.chats().send(aliceJid, "from the phone"));
        assertEquals(Encryption.E2EE_TRUSTED, received(aliceDevice, "from the phone").encryption());
        int aliceId = alice.omemo().orElseThrow().ownDeviceId();
        stores.get(bobPhone).deleteSession(new DeviceAddress(aliceJid, aliceId), OmemoVersion.V2);

        ChatMessage sent = Await.done(alice.chats().send(bobJid, "after the phone lost its session"));
        assertEquals(Encryption.E2EE_TRUSTED, received(bobLaptop, "after the phone lost its session").encryption());
        ChatMessage onPhone = bobPhone.await(MessageAdded.class,
                e -> e.message().originId().equals(sent.originId())).message();
        assertEquals(Encryption.UNDECRYPTABLE, onPhone.encryption());
        assertEquals(Optional.of(UndecryptableReason.NO_SESSION), onPhone.undecryptable());
        assertEquals("", onPhone.body(), "never the fallback text, nor the reason as text");

        // the phone answered with a key transport in a new session; once alice took it, her messages decrypt again
        DeviceAddress phone = new DeviceAddress(bobJid, bobOnPhone.omemo().orElseThrow().ownDeviceId());
        byte[] afterSending = stores.get(aliceDevice).loadSession(phone, OmemoVersion.V2).orElseThrow();
        Await.until("alice took the phone's new session", () -> !Arrays.equals(afterSending,
                stores.get(aliceDevice).loadSession(phone, OmemoVersion.V2).orElseThrow()));
        Await.done(alice.chats().send(bobJid, "after the repair"));
        assertEquals(Encryption.E2EE_TRUSTED, received(bobPhone, "after the repair").encryption());
    }

    @Test
    @Order(7)
    void anAlteredKeyFailsToVerifyAndTheSameKeyUnalteredDecrypts() throws Exception {
        ProsodyServer server = PROSODY.server();
        XMPPTCPConnection alicePlain = Connections.create(ConnectionSettings.of(aliceJid, "alice-pw").withResource("raw")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        alicePlain.connect().login();
        try {
            // another device of alice, driven by the test: crypto directly, the stanza by hand
            InMemoryOmemoStore rogueStore = new InMemoryOmemoStore();
            Omemo2Protocol other = new Omemo2Protocol(aliceJid, OwnDevices.loadOrCreate(rogueStore, List.of()), rogueStore);
            int laptopId = bob.omemo().orElseThrow().ownDeviceId();
            DeviceAddress laptop = new DeviceAddress(bobJid, laptopId);
            BundleElement bundle = OmemoPepManager.getInstanceFor(alicePlain)
                    .fetchBundle(JidCreate.bareFrom(bobJid), laptopId, false).orElseThrow();
            other.buildSession(laptop, OmemoService.toBundle(bundle));
            SceEnvelope envelope = SceEnvelope.forMessage("from a hand-made device", List.of(),
                    JidCreate.entityBareFrom(aliceJid), JidCreate.entityBareFrom(bobJid), Instant.now(),
                    new SecureRandom());
            PayloadEncryption payload = other.encryptPayload(envelope.toBytes());
            EncryptedKey key = other.encryptKey(laptop, payload.keyMaterial());
            byte[] altered = key.data();
            altered[altered.length - 1] ^= 1;

            String alteredId = send(alicePlain, other.ownDevice().deviceId(), laptopId, key.preKey(), altered, payload);
            ChatMessage failed = bobLaptop.await(MessageAdded.class,
                    e -> e.message().originId().equals(Optional.of(alteredId))).message();
            assertEquals(Encryption.UNDECRYPTABLE, failed.encryption());
            assertEquals(Optional.of(UndecryptableReason.KEY_FAILED_TO_VERIFY), failed.undecryptable());
        assertEquals("", failed.body(), "never the fallback text, nor the reason as text");

            send(alicePlain, other.ownDevice().deviceId(), laptopId, key.preKey(), key.data(), payload);
            assertEquals(Encryption.E2EE_TRUSTED, received(bobLaptop, "from a hand-made device").encryption());
            // the key exchange used one of the laptop's prekeys: the republished bundle no longer offers it
            Set<Integer> before = preKeyIds(bundle);
            Await.until("the laptop republished its bundle", () -> !preKeyIds(fetchBundle(alicePlain, laptopId)).equals(before));
            Set<Integer> after = preKeyIds(fetchBundle(alicePlain, laptopId));
            assertTrue(before.containsAll(after), "no new prekeys while more than 25 remain");
            assertEquals(before.size() - 1, after.size());

            // an envelope that decrypts but ends inside a tag: UNDECRYPTABLE, not dropped (XPP3 threw a
            // NullPointerException there, and the message vanished); the session goes on
            PayloadEncryption truncated = other.encryptPayload(
                    "<envelope xmlns='urn:xmpp:sce:1'><content><body xmlns='jabber:client'>cut off he"
                            .getBytes(StandardCharsets.UTF_8));
            EncryptedKey truncatedKey = other.encryptKey(laptop, truncated.keyMaterial());
            String truncatedId = send(alicePlain, other.ownDevice().deviceId(), laptopId, truncatedKey.preKey(),
                    truncatedKey.data(), truncated);
            ChatMessage malformed = bobLaptop.await(MessageAdded.class,
                    e -> e.message().originId().equals(Optional.of(truncatedId))).message();
            assertEquals(Encryption.UNDECRYPTABLE, malformed.encryption());
            assertEquals(Optional.of(UndecryptableReason.MALFORMED), malformed.undecryptable());
        assertEquals("", malformed.body(), "never the fallback text, nor the reason as text");
            SceEnvelope next = SceEnvelope.forMessage("after the malformed one", List.of(),
                    JidCreate.entityBareFrom(aliceJid), JidCreate.entityBareFrom(bobJid), Instant.now(),
                    new SecureRandom());
            PayloadEncryption nextPayload = other.encryptPayload(next.toBytes());
            EncryptedKey nextKey = other.encryptKey(laptop, nextPayload.keyMaterial());
            send(alicePlain, other.ownDevice().deviceId(), laptopId, nextKey.preKey(), nextKey.data(), nextPayload);
            assertEquals(Encryption.E2EE_TRUSTED, received(bobLaptop, "after the malformed one").encryption());
        } finally {
            alicePlain.disconnect();
        }
    }

    @Test
    @Order(8)
    void undecidedDevicesOfAContactWithVerifiedDevicesStopTheSendAndDistrustedOnesGetNothing() {
        TrustManager trust = alice.omemo().orElseThrow().trust();
        DeviceAddress laptop = new DeviceAddress(bobJid, bob.omemo().orElseThrow().ownDeviceId());
        DeviceAddress phone = new DeviceAddress(bobJid, bobOnPhone.omemo().orElseThrow().ownDeviceId());
        try {
            trust.decide(laptop, trust.trust(laptop).orElseThrow().identity(), TrustLevel.VERIFIED);
            trust.decide(phone, trust.trust(phone).orElseThrow().identity(), TrustLevel.UNDECIDED);
        } catch (IdentityChangedException e) {
            throw new AssertionError(e);
        }
        CompletionException blocked = assertThrows(CompletionException.class,
                () -> alice.chats().send(bobJid, "must wait for a decision").join());
        OmemoSendException cause = findCause(blocked);
        assertEquals(OmemoSendException.Reason.UNDECIDED_DEVICES, cause.reason());
        assertEquals(List.of(phone), cause.devices());

        try {
            trust.decide(phone, trust.trust(phone).orElseThrow().identity(), TrustLevel.DISTRUSTED);
        } catch (IdentityChangedException e) {
            throw new AssertionError(e);
        }
        ChatMessage sent = Await.done(alice.chats().send(bobJid, "only for the verified laptop"));
        assertEquals(Encryption.E2EE_VERIFIED, sent.encryption());
        assertEquals(Encryption.E2EE_TRUSTED, received(bobLaptop, "only for the verified laptop").encryption());
        ChatMessage onPhone = bobPhone.await(MessageAdded.class,
                e -> e.message().originId().equals(sent.originId())).message();
        assertEquals(Optional.of(UndecryptableReason.NOT_FOR_THIS_DEVICE), onPhone.undecryptable());
        assertEquals("", onPhone.body(), "never the fallback text, nor the reason as text");
    }

    @Test
    @Order(9)
    void theOwnDeviceIsAddedBackWhenAnotherClientRemovesItFromTheList() throws Exception {
        ProsodyServer server = PROSODY.server();
        XMPPTCPConnection other = Connections.create(ConnectionSettings.of(aliceJid, "alice-pw").withResource("other")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        other.connect().login();
        try {
            int aliceId = alice.omemo().orElseThrow().ownDeviceId();
            OmemoPepManager pep = OmemoPepManager.getInstanceFor(other);
            pep.publishDeviceList(DeviceListElement.v2(
                    List.of(DeviceListElement.Device.of(4242))));
            Await.until("alice's Sotto put its device back", () -> {
                try {
                    return pep.fetchDeviceList(JidCreate.bareFrom(aliceJid), false).deviceIds().containsAll(List.of(4242, aliceId));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        } finally {
            other.disconnect();
        }
    }

    @Test
    @Order(10)
    void devicesOfBothKindsGetBothElementsInOneMessage() throws Exception {
        CarbonManager.getInstanceFor(bobPlain).enableCarbons();
        onTheWire.clear();
        ChatMessage sent = Await.done(bob.chats().send(carolJid, "to carol and my phone"));
        assertEquals(Encryption.E2EE_TRUSTED, received(carolDevice, "to carol and my phone").encryption());
        ChatMessage carbon = bobPhone.await(MessageAdded.class,
                e -> e.message().originId().equals(sent.originId())).message();
        assertEquals(Direction.OUTGOING, carbon.direction());
        assertEquals("to carol and my phone", carbon.body());

        CarbonExtension sentCarbon = null;
        while (sentCarbon == null) { // skip anything else (receipts, markers) that reaches the plain client
            Message wrapper = onTheWire.poll(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(wrapper, "no carbon of the sent message at bob's plain client");
            CarbonExtension c =
                    CarbonExtension.from(wrapper);
            if (c != null && c.getDirection() == CarbonExtension.Direction.sent) {
                sentCarbon = c;
            }
        }
        Message copy = (Message) sentCarbon.getForwarded().getForwardedStanza();
        String xml = copy.toXML().toString();
        assertFalse(xml.contains("to carol and my phone"), xml);
        assertTrue(copy.hasExtension("encrypted", OmemoNamespaces.LEGACY), "carol speaks only OMEMO 0.3: " + xml);
        assertTrue(copy.hasExtension("encrypted", OmemoNamespaces.V2), "bob's phone speaks OMEMO 2: " + xml);
    }

    @Test
    @Order(11)
    void anEncryptedCorrectionReplacesTheTextAndAnUndecryptableOneDoesNot() {
        // since the previous test alice distrusts bob's phone: the phone can read neither message nor correction
        ChatMessage original = Await.done(alice.chats().send(bobJid, "a typo"));
        received(bobLaptop, "a typo");
        ChatMessage onPhone = bobPhone.await(MessageAdded.class,
                e -> e.message().originId().equals(original.originId())).message();
        assertEquals(Encryption.UNDECRYPTABLE, onPhone.encryption());

        ChatMessage correction = Await.done(alice.chats().correct(original, "no typo"));
        assertEquals(Encryption.E2EE_VERIFIED, correction.encryption());
        ChatMessage corrected = bobLaptop.await(MessageUpdated.class,
                e -> e.message().body().equals("no typo")).message();
        assertTrue(corrected.edited());
        assertEquals(Encryption.E2EE_TRUSTED, corrected.encryption());
        // on the phone the undecryptable correction is a message of its own; the original is not "corrected" by it
        ChatMessage undecryptableCorrection = bobPhone.await(MessageAdded.class, e -> e.message().encryption() == Encryption.UNDECRYPTABLE
                && !e.message().key().equals(onPhone.key()) && e.message().timestamp().isAfter(onPhone.timestamp())).message();
        assertEquals(Optional.of(UndecryptableReason.NOT_FOR_THIS_DEVICE), undecryptableCorrection.undecryptable());
        assertEquals("", undecryptableCorrection.body(), "never the fallback text, nor the reason as text");
        Await.done(bobOnPhone.drain());
        ChatMessage stillThere = Await.done(bobOnPhone.chats().history(aliceJid, Optional.empty(), 100))
                .stream().filter(m -> m.key().equals(onPhone.key())).findFirst().orElseThrow();
        assertFalse(stillThere.edited());
    }

    private static BundleElement fetchBundle(XMPPTCPConnection connection, int deviceId) {
        try {
            return OmemoPepManager.getInstanceFor(connection).fetchBundle(JidCreate.bareFrom(bobJid), deviceId, false).orElseThrow();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Set<Integer> preKeyIds(BundleElement bundle) {
        return bundle.preKeys().stream().map(BundleElement.PreKey::id).collect(Collectors.toSet());
    }

    private static String send(XMPPTCPConnection from, int sid, int rid, boolean kex, byte[] keyData,
                               PayloadEncryption payload) throws Exception {
        String id = UUID.randomUUID().toString();
        Message message = StanzaBuilder.buildMessage(id)
                .to(JidCreate.entityBareFrom(bobJid)).ofType(Message.Type.chat)
                .setBody(OmemoService.FALLBACK_BODY)
                .addExtension(new OriginIdElement(id))
                .addExtension(EncryptedElement.v2(sid, List.of(new RecipientKey(bobJid, rid, kex, keyData)),
                        payload.payload().ciphertext()))
                .build();
        from.sendStanza(message);
        return id;
    }

    private static OmemoSendException findCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OmemoSendException e) {
                return e;
            }
        }
        throw new AssertionError("not an OMEMO send failure", failure);
    }
}
