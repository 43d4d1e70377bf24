package org.sotto.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sotto.crypto.omemo2.Omemo2Bundle;
import org.sotto.crypto.omemo2.Omemo2Device;
import org.sotto.crypto.omemo2.Omemo2EncryptedKey;
import org.sotto.crypto.omemo2.Omemo2Exception;
import org.sotto.crypto.omemo2.Omemo2Identity;
import org.sotto.crypto.omemo2.Omemo2Payload;
import org.sotto.crypto.omemo2.Omemo2Session;

/**
 * OMEMO 2 with established (confirmed) sessions: encrypting one message for 20 recipient devices (target ≤ 2 ms),
 * decrypting one (target ≤ 0.2 ms; within a chain, and the first message after the peer answered, which costs a
 * Diffie-Hellman ratchet step), building a session from a bundle, and accepting a key exchange (its setup makes a
 * fresh key exchange every time; the receiver's prekey refill, every 76 key exchanges, is part of the average).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class Omemo2Benchmark {
    static final byte[] BODY = ("<envelope xmlns='urn:xmpp:sce:1'><content><body xmlns='jabber:client'>"
            + "A message of ordinary length, as people type them.</body></content><rpad>abc</rpad>"
            + "<from jid='alice@example.org'/></envelope>").getBytes(StandardCharsets.UTF_8);

    /** A device with a confirmed session to the other. */
    static final class Pair {
        final Omemo2Device sender;
        final Omemo2Device receiver;
        Omemo2Session senderSession;
        Omemo2Session receiverSession;

        Pair(int receiverId) throws Omemo2Exception {
            sender = Omemo2Device.create(Omemo2Identity.generate(), Clock.systemUTC());
            receiver = Omemo2Device.create(Omemo2Identity.generate(), Clock.systemUTC());
            senderSession = sender.buildSession(receiverId, receiver.bundle());
            Omemo2EncryptedKey hello = senderSession.encryptKey(Omemo2Payload.emptyKeyMaterial());
            receiverSession = receiver.decryptKey(1, null, hello.data(), true).session();
            Omemo2EncryptedKey answer = receiverSession.encryptKey(Omemo2Payload.emptyKeyMaterial());
            sender.decryptKey(receiverId, senderSession, answer.data(), false);
        }
    }

    @State(Scope.Benchmark)
    public static class Recipients {
        final List<Omemo2Session> sessions = new ArrayList<>();

        @Setup
        public void setUp() throws Omemo2Exception {
            Omemo2Device sender = Omemo2Device.create(Omemo2Identity.generate(), Clock.systemUTC());
            for (int id = 2; id < 22; id++) {
                Omemo2Device receiver = Omemo2Device.create(Omemo2Identity.generate(), Clock.systemUTC());
                Omemo2Session session = sender.buildSession(id, receiver.bundle());
                Omemo2Session theirs = receiver.decryptKey(1, null,
                        session.encryptKey(Omemo2Payload.emptyKeyMaterial()).data(), true).session();
                sender.decryptKey(id, session, theirs.encryptKey(Omemo2Payload.emptyKeyMaterial()).data(), false);
                sessions.add(session);
            }
        }
    }

    @Benchmark
    public List<Omemo2EncryptedKey> encryptFor20Devices(Recipients recipients) {
        Omemo2Payload.Encrypted payload = Omemo2Payload.encrypt(BODY);
        List<Omemo2EncryptedKey> keys = new ArrayList<>(20);
        for (Omemo2Session session : recipients.sessions) {
            keys.add(session.encryptKey(payload.keyMaterial()));
        }
        return keys;
    }

    /** A fresh message for every invocation, from a sender that keeps sending (same chain). */
    @State(Scope.Thread)
    public static class InChain {
        Pair pair;
        Omemo2EncryptedKey key;
        byte[] payload;

        @Setup(Level.Trial)
        public void setUp() throws Omemo2Exception {
            pair = new Pair(2);
        }

        @Setup(Level.Invocation)
        public void nextMessage() {
            Omemo2Payload.Encrypted encrypted = Omemo2Payload.encrypt(BODY);
            key = pair.senderSession.encryptKey(encrypted.keyMaterial());
            payload = encrypted.ciphertext();
        }
    }

    @Benchmark
    public byte[] decryptOne(InChain state) throws Omemo2Exception {
        Omemo2Device.Decrypted decrypted = state.pair.receiver.decryptKey(1, state.pair.receiverSession,
                state.key.data(), state.key.keyExchange());
        return Omemo2Payload.decrypt(state.payload, decrypted.keyMaterial());
    }

    /** As a client does it: the session read from its stored bytes, the key element decrypted, the session written. */
    @State(Scope.Thread)
    public static class Stored extends InChain {
        byte[] storedSession;

        @Override
        @Setup(Level.Trial)
        public void setUp() throws Omemo2Exception {
            super.setUp();
            storedSession = pair.receiverSession.toBytes();
        }
    }

    @Benchmark
    public byte[] decryptOneWithSessionLoadAndStore(Stored state) throws Omemo2Exception {
        Omemo2Device.Decrypted decrypted = state.pair.receiver.decryptKey(1, Omemo2Session.fromBytes(state.storedSession),
                state.key.data(), state.key.keyExchange());
        state.storedSession = decrypted.session().toBytes();
        return Omemo2Payload.decrypt(state.payload, decrypted.keyMaterial());
    }

    /** Every invocation's message is the first after the receiver answered: a Diffie-Hellman ratchet step. */
    @State(Scope.Thread)
    public static class AfterAnswer {
        Pair pair;
        Omemo2EncryptedKey key;
        byte[] payload;

        @Setup(Level.Trial)
        public void setUp() throws Omemo2Exception {
            pair = new Pair(2);
        }

        @Setup(Level.Invocation)
        public void nextMessage() throws Omemo2Exception {
            Omemo2EncryptedKey answer = pair.receiverSession.encryptKey(Omemo2Payload.emptyKeyMaterial());
            pair.sender.decryptKey(2, pair.senderSession, answer.data(), false);
            Omemo2Payload.Encrypted encrypted = Omemo2Payload.encrypt(BODY);
            key = pair.senderSession.encryptKey(encrypted.keyMaterial());
            payload = encrypted.ciphertext();
        }
    }

    @Benchmark
    @Warmup(iterations = 4, time = 2) // milliseconds per operation on a loaded machine: the JIT needs longer
    public byte[] decryptOneWithRatchetStep(AfterAnswer state) throws Omemo2Exception {
        Omemo2Device.Decrypted decrypted = state.pair.receiver.decryptKey(1, state.pair.receiverSession,
                state.key.data(), state.key.keyExchange());
        return Omemo2Payload.decrypt(state.payload, decrypted.keyMaterial());
    }

    @State(Scope.Thread)
    public static class Bundles {
        Omemo2Device own;
        Omemo2Bundle peerBundle;

        @Setup(Level.Trial)
        public void setUp() {
            own = Omemo2Device.create(Omemo2Identity.generate(), Clock.systemUTC());
            peerBundle = Omemo2Device.create(Omemo2Identity.generate(), Clock.systemUTC()).bundle();
        }
    }

    @Benchmark
    @Warmup(iterations = 4, time = 2) // milliseconds per operation on a loaded machine: the JIT needs longer
    public Omemo2Session buildSessionFromBundle(Bundles state) throws Omemo2Exception {
        return state.own.buildSession(2, state.peerBundle);
    }

    /** The passive side: a key exchange arrives and builds the session (its prekey is then used up). */
    @State(Scope.Thread)
    public static class KeyExchanges {
        Omemo2Device receiver;
        Omemo2Device sender;
        byte[] keyExchange;

        @Setup(Level.Trial)
        public void setUp() {
            receiver = Omemo2Device.create(Omemo2Identity.generate(), Clock.systemUTC());
            sender = Omemo2Device.create(Omemo2Identity.generate(), Clock.systemUTC());
        }

        @Setup(Level.Invocation)
        public void nextKeyExchange() throws Omemo2Exception {
            keyExchange = sender.buildSession(2, receiver.bundle()).encryptKey(Omemo2Payload.emptyKeyMaterial()).data();
        }
    }

    @Benchmark
    @Warmup(iterations = 4, time = 2) // milliseconds per operation on a loaded machine: the JIT needs longer
    public Omemo2Session acceptKeyExchange(KeyExchanges state) throws Omemo2Exception {
        return state.receiver.decryptKey(1, null, state.keyExchange, true).session();
    }
}
