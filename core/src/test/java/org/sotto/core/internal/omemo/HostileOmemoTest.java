package org.sotto.core.internal.omemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.protobuf.ByteString;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.sid.element.OriginIdElement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.api.chat.UndecryptableReason;
import org.sotto.core.api.event.ConnectionStateChanged;
import org.sotto.core.api.event.IdentityKeyChanged;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.omemo.element.BundleElement;
import org.sotto.core.internal.omemo.element.EncryptedElement;
import org.sotto.core.internal.omemo.element.OmemoNamespaces;
import org.sotto.core.internal.omemo.element.RecipientKey;
import org.sotto.core.internal.omemo.element.SceEnvelope;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.DeviceIdentity;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.PayloadEncryption;
import org.sotto.crypto.omemo2.Omemo2Protocol;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOAuthenticatedMessage;
import org.sotto.crypto.omemo2.proto.Omemo2Protos.OMEMOMessage;
import org.sotto.crypto.spi.OwnIdentity;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * What a hostile OMEMO 2 device (crypto driven by the test, stanzas by hand, through a real Prosody) can send to
 * Sotto: a replayed key exchange, a key element with a ratchet key of the wrong length, envelopes naming another
 * recipient or claiming the user's own JID as sender, envelopes with a DTD (entity expansion) or 10 000 nested
 * elements, a known device id presenting another identity key. Each has its defined outcome; the account stays
 * connected, and the same device's next ordinary message still decrypts in the same session (nothing stored was
 * damaged).
 */
class HostileOmemoTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    @Test
    void hostileOmemoInputHasItsOutcomeAndTheNextMessageStillDecrypts() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String mallory = server.register("mallory", "mallory-pw");
        try (TestSotto device = TestSotto.start(server)) {
            AccountSession session = device.sotto.accounts().add(device.record(alice), "alice-pw");
            session.enableOmemo(new InMemoryOmemoStore(), EnumSet.allOf(OmemoVersion.class));
            assertInstanceOf(ConnectionState.Online.class, Await.done(session.connect()));
            int aliceDevice = session.omemo().orElseThrow().ownDeviceId();
            XMPPTCPConnection plain = OmemoTestSupport.plain(server, mallory, "mallory-pw", "hostile");
            try {
                OmemoTestSupport.HandMadeDevice hostile = new OmemoTestSupport.HandMadeDevice(mallory);
                OmemoTestSupport.publishV2List(plain, List.of(hostile.id()));
                hostile.publishBundle(plain);
                DeviceAddress target = new DeviceAddress(alice, aliceDevice);
                BundleElement bundle = OmemoPepManager.getInstanceFor(plain)
                        .fetchBundle(JidCreate.bareFrom(alice), aliceDevice, false).orElseThrow();
                hostile.protocol.buildSession(target, OmemoService.toBundle(bundle));
                Hostile h = new Hostile(plain, hostile.protocol, target, alice, mallory);

                Sent first = h.send(h.envelope("first", mallory, alice));
                assertEquals(Encryption.E2EE_TRUSTED, h.arrived(device, first.id).encryption());

                // the same key exchange again (a new stanza id, so only OMEMO can tell): ignored as a replay
                String replay = h.resend(first);
                h.nextArrives(device, "after the replay");
                assertTrue(device.recorded(MessageAdded.class).stream()
                        .noneMatch(e -> e.message().originId().equals(Optional.of(replay))), "the replay is not stored");

                // a key element whose ratchet key has 5 bytes: typed, stored as undecryptable, the session unchanged
                OMEMOMessage shortKey = OMEMOMessage.newBuilder().setN(1).setPn(0)
                        .setDhPub(ByteString.copyFrom(new byte[5])).setCiphertext(ByteString.copyFrom(new byte[48])).build();
                byte[] badKey = OMEMOAuthenticatedMessage.newBuilder().setMac(ByteString.copyFrom(new byte[16]))
                        .setMessage(shortKey.toByteString()).build().toByteArray();
                PayloadEncryption payload = hostile.protocol.encryptPayload(h.envelope("short key", mallory, alice));
                String wrongLength = h.sendRaw(badKey, false, payload);
                assertUndecryptable(device, wrongLength, UndecryptableReason.KEY_FAILED_TO_VERIFY);
                h.nextArrives(device, "after the short ratchet key");

                // an empty message (key transport) whose key fails: nothing to show, so no entry at all
                PayloadEncryption empty = hostile.protocol.keyTransport();
                EncryptedKey emptyKey = hostile.protocol.encryptKey(target, empty.keyMaterial());
                byte[] altered = emptyKey.data();
                altered[altered.length - 1] ^= 1; // inside the inner message: its MAC fails
                String failedTransport = h.sendRaw(altered, emptyKey.preKey(), empty);
                h.nextArrives(device, "after the failed key transport");
                assertTrue(device.recorded(MessageAdded.class).stream()
                        .noneMatch(e -> e.message().originId().equals(Optional.of(failedTransport))),
                        "a failed key transport is not stored");

                // the envelope names another recipient: refused as a mismatch
                Sent otherRecipient = h.send(h.envelope("meant for carol", mallory, "carol@" + server.domain()));
                assertUndecryptable(device, otherRecipient.id, UndecryptableReason.ENVELOPE_MISMATCH);
                h.nextArrives(device, "after the wrong recipient");

                // the envelope claims to come from alice herself: refused, never shown as her own message
                Sent ownJid = h.send(h.envelope("I am alice", alice, alice));
                ChatMessage claimed = assertUndecryptable(device, ownJid.id, UndecryptableReason.ENVELOPE_MISMATCH);
                assertEquals(mallory, claimed.peer());
                h.nextArrives(device, "after claiming alice");

                // an envelope with a DTD declaring nested entities (entity expansion): malformed, nothing expanded
                String laughs = "<?xml version='1.0'?><!DOCTYPE envelope [<!ENTITY a 'aaaaaaaaaa'>"
                        + "<!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'><!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>"
                        + "<!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'>]>"
                        + "<envelope xmlns='urn:xmpp:sce:1'><content><body xmlns='jabber:client'>&d;&d;&d;</body>"
                        + "</content><to jid='" + alice + "'/><from jid='" + mallory + "'/></envelope>";
                Sent expansion = h.send(laughs.getBytes(StandardCharsets.UTF_8));
                assertUndecryptable(device, expansion.id, UndecryptableReason.MALFORMED);
                h.nextArrives(device, "after the entities");

                // 10 000 nested elements inside the envelope's content
                StringBuilder deep = new StringBuilder("<envelope xmlns='urn:xmpp:sce:1'><content>"
                        + "<body xmlns='jabber:client'>deep</body><x xmlns='urn:example:deep'>");
                deep.append("<x>".repeat(10_000)).append("</x>".repeat(10_000));
                deep.append("</x></content><to jid='").append(alice).append("'/><from jid='").append(mallory)
                        .append("'/></envelope>");
                Sent nested = h.send(deep.toString().getBytes(StandardCharsets.UTF_8));
                assertUndecryptable(device, nested.id, UndecryptableReason.MALFORMED);
                h.nextArrives(device, "after the nesting");

                // the same device id with another identity key: refused, an event tells, the known session goes on
                InMemoryOmemoStore impostorStore = new InMemoryOmemoStore();
                OwnIdentity impostorIdentity = new OwnIdentity(hostile.id(), DeviceIdentity.generate().seed());
                impostorStore.storeOwnIdentity(impostorIdentity);
                Omemo2Protocol impostor = new Omemo2Protocol(mallory, impostorIdentity, impostorStore);
                impostor.buildSession(target, OmemoService.toBundle(OmemoPepManager.getInstanceFor(plain)
                        .fetchBundle(JidCreate.bareFrom(alice), aliceDevice, false).orElseThrow()));
                Hostile swapped = new Hostile(plain, impostor, target, alice, mallory);
                Sent swap = swapped.send(swapped.envelope("a new key, same id", mallory, alice));
                assertUndecryptable(device, swap.id, UndecryptableReason.IDENTITY_CHANGED);
                IdentityKeyChanged changed = device.await(IdentityKeyChanged.class, e -> e.jid().equals(mallory));
                assertEquals(hostile.id(), changed.deviceId());
                h.nextArrives(device, "after the identity swap");

                // a second device whose bundle carries a 5-byte identity key: it gets no key (logged), the send goes
                // on, encrypted, for the good device
                List<Message> atMallory = new CopyOnWriteArrayList<>();
                plain.addAsyncStanzaListener(st -> atMallory.add((Message) st), st -> st instanceof Message);
                BundleElement good = OmemoService.toElement(hostile.protocol.ownBundle());
                OmemoPepManager.getInstanceFor(plain).publishBundle(777, new BundleElement(false, good.signedPreKey(),
                        good.signedPreKeySignature(), new byte[5], good.preKeys()));
                OmemoTestSupport.publishV2List(plain, List.of(hostile.id(), 777));
                ChatMessage sent = Await.done(session.chats().send(mallory, "to mallory's devices"));
                assertEquals(Encryption.E2EE_TRUSTED, sent.encryption());
                Await.until("mallory got the message", () -> atMallory.stream()
                        .anyMatch(m -> sent.originId().equals(Optional.ofNullable(m.getStanzaId()))));
                Message wire = atMallory.stream()
                        .filter(m -> sent.originId().equals(Optional.ofNullable(m.getStanzaId()))).findFirst().orElseThrow();
                EncryptedElement encrypted = (EncryptedElement) wire.getExtension(EncryptedElement.ELEMENT, OmemoNamespaces.V2);
                assertEquals(List.of(hostile.id()), encrypted.keys().stream()
                        .filter(k -> k.jid().equals(mallory)).map(RecipientKey::deviceId).toList());
                assertEquals(OmemoService.FALLBACK_BODY, wire.getBody(), "no plaintext on the wire");
                h.nextArrives(device, "after the broken bundle");

                List<ConnectionState> states = device.recorded(ConnectionStateChanged.class).stream()
                        .map(ConnectionStateChanged::state).toList();
                assertEquals(1, states.stream().filter(ConnectionState.Online.class::isInstance).count(),
                        "alice stayed connected: " + states);
                assertInstanceOf(ConnectionState.Online.class, session.state().get());
            } finally {
                plain.disconnect();
            }
        }
    }

    private static ChatMessage assertUndecryptable(TestSotto device, String originId, UndecryptableReason reason) {
        ChatMessage m = device.await(MessageAdded.class, e -> e.message().originId().equals(Optional.of(originId))).message();
        assertEquals(Encryption.UNDECRYPTABLE, m.encryption(), m.toString());
        assertEquals(Optional.of(reason), m.undecryptable());
        assertEquals("", m.body(), "never the fallback text, nor what was inside");
        return m;
    }

    private record Sent(String id, EncryptedKey key, PayloadEncryption payload) {
    }

    /** A device of mallory's, driven by hand: sends through mallory's plain connection. */
    private record Hostile(XMPPTCPConnection connection, Omemo2Protocol protocol, DeviceAddress target, String alice,
                           String mallory) {
        byte[] envelope(String body, String from, String to) throws Exception {
            return SceEnvelope.forMessage(body, List.of(), JidCreate.entityBareFrom(from), JidCreate.entityBareFrom(to),
                    Instant.now(), new SecureRandom()).toBytes();
        }

        Sent send(byte[] envelope) throws Exception {
            PayloadEncryption payload = protocol.encryptPayload(envelope);
            EncryptedKey key = protocol.encryptKey(target, payload.keyMaterial());
            return new Sent(sendRaw(key.data(), key.preKey(), payload), key, payload);
        }

        String resend(Sent sent) throws Exception {
            return sendRaw(sent.key.data(), sent.key.preKey(), sent.payload);
        }

        String sendRaw(byte[] keyData, boolean keyExchange, PayloadEncryption payload) throws Exception {
            String id = UUID.randomUUID().toString();
            Message message = StanzaBuilder.buildMessage(id).to(JidCreate.entityBareFrom(alice)).ofType(Message.Type.chat)
                    .setBody(OmemoService.FALLBACK_BODY).addExtension(new OriginIdElement(id))
                    .addExtension(EncryptedElement.v2(protocol.ownDevice().deviceId(),
                            List.of(new RecipientKey(alice, target.deviceId(), keyExchange, keyData)),
                            payload.payload().isEmpty() ? null : payload.payload().ciphertext()))
                    .build();
            connection.sendStanza(message);
            return id;
        }

        ChatMessage arrived(TestSotto device, String originId) {
            return device.await(MessageAdded.class, e -> e.message().originId().equals(Optional.of(originId))).message();
        }

        /** The same hostile device's next ordinary message decrypts: its session at alice's is intact. */
        void nextArrives(TestSotto device, String body) throws Exception {
            Sent next = send(envelope(body, mallory, alice));
            ChatMessage m = arrived(device, next.id);
            assertEquals(Encryption.E2EE_TRUSTED, m.encryption(), body + ": " + m);
            assertEquals(body, m.body());
        }
    }
}
