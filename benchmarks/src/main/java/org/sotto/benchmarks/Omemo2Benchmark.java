package org.sotto.benchmarks;

import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.infra.Blackhole;
import org.sotto.crypto.Bundle;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.DeviceIdentity;
import org.sotto.crypto.EncryptedKey;
import org.sotto.crypto.OmemoException;
import org.sotto.crypto.PayloadEncryption;
import org.sotto.crypto.omemo2.Omemo2Protocol;
import org.sotto.crypto.spi.OwnIdentity;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;

/**
 * OMEMO 2 through {@link Omemo2Protocol} with in-memory stores (each operation reads the session bytes from the
 * store, checks the identity against the trust record and writes the session back), with established (confirmed)
 * sessions: encrypting one message for 20 recipient devices (target ≤ 2 ms), decrypting one (target ≤ 0.2 ms;
 * within a chain, and the first message after the peer answered, which costs a Diffie-Hellman ratchet step),
 * building a session from a bundle, and accepting a key exchange.
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

    static Omemo2Protocol device(String jid, int deviceId) throws OmemoException {
        InMemoryOmemoStore store = new InMemoryOmemoStore();
        OwnIdentity own = new OwnIdentity(deviceId, DeviceIdentity.generate().seed());
        store.storeOwnIdentity(own);
        return new Omemo2Protocol(jid, own, store);
    }

    /** Builds a session from a to b and lets b answer, so both sides have a confirmed session. */
    static void connect(Omemo2Protocol a, Omemo2Protocol b) throws OmemoException {
        a.buildSession(b.ownDevice(), b.ownBundle());
        b.decryptKey(a.ownDevice(), a.encryptKey(b.ownDevice(), a.keyTransport().keyMaterial()));
        a.decryptKey(b.ownDevice(), b.encryptKey(a.ownDevice(), b.keyTransport().keyMaterial()));
    }

    @State(Scope.Benchmark)
    public static class Recipients {
        Omemo2Protocol sender;
        final List<DeviceAddress> devices = new ArrayList<>();

        @Setup
        public void setUp() throws OmemoException {
            sender = device("alice@bench.test", 1);
            for (int id = 100; id < 120; id++) {
                Omemo2Protocol recipient = device("bob@bench.test", id);
                connect(sender, recipient);
                devices.add(recipient.ownDevice());
            }
        }
    }

    @Benchmark
    public void encryptFor20Devices(Recipients recipients, Blackhole sink) throws OmemoException {
        PayloadEncryption encryption = recipients.sender.encryptPayload(BODY);
        sink.consume(encryption.payload());
        for (DeviceAddress device : recipients.devices) {
            sink.consume(recipients.sender.encryptKey(device, encryption.keyMaterial()));
        }
    }

    /** A fresh message for every invocation, from a sender that keeps sending (same chain). */
    @State(Scope.Thread)
    public static class InChain {
        Omemo2Protocol sender;
        Omemo2Protocol receiver;
        PayloadEncryption encryption;
        EncryptedKey key;

        @Setup(Level.Trial)
        public void setUp() throws OmemoException {
            sender = device("alice@bench.test", 1);
            receiver = device("bob@bench.test", 2);
            connect(sender, receiver);
        }

        @Setup(Level.Invocation)
        public void nextMessage() throws OmemoException {
            encryption = sender.encryptPayload(BODY);
            key = sender.encryptKey(receiver.ownDevice(), encryption.keyMaterial());
        }
    }

    @Benchmark
    public byte[] decryptOne(InChain state) throws OmemoException {
        byte[] keyMaterial = state.receiver.decryptKey(state.sender.ownDevice(), state.key).keyMaterial();
        return state.receiver.decryptPayload(state.encryption.payload(), keyMaterial);
    }

    /** Every invocation's message is the first after the receiver answered: a Diffie-Hellman ratchet step. */
    @State(Scope.Thread)
    public static class AfterAnswer extends InChain {
        @Override
        @Setup(Level.Invocation)
        public void nextMessage() throws OmemoException {
            sender.decryptKey(receiver.ownDevice(),
                    receiver.encryptKey(sender.ownDevice(), receiver.keyTransport().keyMaterial()));
            super.nextMessage();
        }
    }

    @Benchmark
    @Warmup(iterations = 4, time = 2) // milliseconds per operation on a loaded machine: the JIT needs longer
    public byte[] decryptOneWithRatchetStep(AfterAnswer state) throws OmemoException {
        byte[] keyMaterial = state.receiver.decryptKey(state.sender.ownDevice(), state.key).keyMaterial();
        return state.receiver.decryptPayload(state.encryption.payload(), keyMaterial);
    }

    @State(Scope.Thread)
    public static class Bundles {
        Omemo2Protocol own;
        Bundle peerBundle;
        int nextDeviceId = 1000;

        @Setup(Level.Trial)
        public void setUp() throws OmemoException {
            own = device("alice@bench.test", 1);
            peerBundle = device("carol@bench.test", 7).ownBundle();
        }
    }

    /** Each time with a new device of a new contact (the same bundle), as when a contact is first met. */
    @Benchmark
    @Warmup(iterations = 4, time = 2) // milliseconds per operation on a loaded machine: the JIT needs longer
    public void buildSessionFromBundle(Bundles state) throws OmemoException {
        state.nextDeviceId++;
        state.own.buildSession(new DeviceAddress("carol" + state.nextDeviceId + "@bench.test", state.nextDeviceId),
                state.peerBundle);
    }

    /** The passive side: a key exchange arrives and builds the session (its prekey is then used up). */
    @State(Scope.Thread)
    public static class KeyExchanges {
        Omemo2Protocol receiver;
        Omemo2Protocol sender;
        EncryptedKey keyExchange;

        @Setup(Level.Trial)
        public void setUp() throws OmemoException {
            receiver = device("bob@bench.test", 2);
            sender = device("alice@bench.test", 1);
        }

        @Setup(Level.Invocation)
        public void nextKeyExchange() throws OmemoException {
            receiver.maintainBundle(); // the refill below 25 prekeys happens here, not in the measurement
            sender.buildSession(receiver.ownDevice(), receiver.ownBundle());
            keyExchange = sender.encryptKey(receiver.ownDevice(), sender.keyTransport().keyMaterial());
        }
    }

    @Benchmark
    @Warmup(iterations = 4, time = 2) // milliseconds per operation on a loaded machine: the JIT needs longer
    public boolean acceptKeyExchange(KeyExchanges state) throws OmemoException {
        return state.receiver.decryptKey(state.sender.ownDevice(), state.keyExchange).newSession();
    }
}
