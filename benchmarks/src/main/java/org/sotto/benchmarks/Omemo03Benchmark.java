package org.sotto.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
import org.sotto.crypto.omemo03.Omemo03Protocol;
import org.sotto.crypto.spi.OwnIdentity;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;

/**
 * OMEMO 0.3 with established (confirmed) sessions and in-memory stores: encrypting one chat message for 20
 * recipient devices (payload once, key 20 times), decrypting one message (key element and payload), and
 * building a session from a bundle. Targets: ≤ 2 ms and ≤ 0.2 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1) // the first 1-s iteration after two of warm-up was still 1.5x slower
@Measurement(iterations = 3, time = 2)
public class Omemo03Benchmark {
    private static final int RECIPIENTS = 20;
    private static final int BATCH = 100;
    private static final byte[] TEXT = "A chat message of ordinary length, about a hundred bytes long, as people type them."
            .getBytes(StandardCharsets.UTF_8);

    private Omemo03Protocol sender;
    private final List<Omemo03Protocol> recipients = new ArrayList<>();
    private Omemo03Protocol receiver;
    private Bundle receiverBundle;
    private int nextDeviceId = 1000;
    private final List<EncryptedKey> inbox = new ArrayList<>();
    private final List<PayloadEncryption> payloads = new ArrayList<>();

    static Omemo03Protocol device(String jid, int deviceId) throws OmemoException {
        InMemoryOmemoStore store = new InMemoryOmemoStore();
        OwnIdentity own = new OwnIdentity(deviceId, DeviceIdentity.generate().seed());
        store.storeOwnIdentity(own);
        return new Omemo03Protocol(jid, own, store);
    }

    /** Builds a session from a to b and lets b answer, so both sides have a confirmed session. */
    static void connect(Omemo03Protocol a, Omemo03Protocol b) throws OmemoException {
        a.buildSession(b.ownDevice(), b.ownBundle());
        PayloadEncryption hello = a.keyTransport();
        b.decryptKey(a.ownDevice(), a.encryptKey(b.ownDevice(), hello.keyMaterial()));
        PayloadEncryption answer = b.keyTransport();
        a.decryptKey(b.ownDevice(), b.encryptKey(a.ownDevice(), answer.keyMaterial()));
    }

    @Setup(Level.Trial)
    public void setUp() throws OmemoException {
        sender = device("alice@bench.test", 1);
        for (int i = 0; i < RECIPIENTS; i++) {
            Omemo03Protocol recipient = device("bob@bench.test", 100 + i);
            connect(sender, recipient);
            recipients.add(recipient);
        }
        receiver = recipients.get(0);
        receiverBundle = device("carol@bench.test", 7).ownBundle();
    }

    /** A batch of fresh messages for the receiver, so each decryption is of a new message. */
    @Setup(Level.Invocation)
    public void fillInbox() throws OmemoException {
        inbox.clear();
        payloads.clear();
        for (int i = 0; i < BATCH; i++) {
            PayloadEncryption encryption = sender.encryptPayload(TEXT);
            payloads.add(encryption);
            inbox.add(sender.encryptKey(receiver.ownDevice(), encryption.keyMaterial()));
        }
    }

    @Benchmark
    public void encryptFor20Devices(Blackhole sink) throws OmemoException {
        PayloadEncryption encryption = sender.encryptPayload(TEXT);
        sink.consume(encryption.payload());
        for (Omemo03Protocol recipient : recipients) {
            sink.consume(sender.encryptKey(recipient.ownDevice(), encryption.keyMaterial()));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void decryptOne(Blackhole sink) throws OmemoException {
        for (int i = 0; i < BATCH; i++) {
            byte[] key = receiver.decryptKey(sender.ownDevice(), inbox.get(i)).keyMaterial();
            sink.consume(receiver.decryptPayload(payloads.get(i).payload(), key));
        }
    }

    /** Each time with a new device of a new contact (the same bundle), as when a contact is first met. */
    @Benchmark
    public void buildSessionFromBundle() throws OmemoException {
        nextDeviceId++;
        sender.buildSession(new DeviceAddress("carol" + nextDeviceId + "@bench.test", nextDeviceId), receiverBundle);
    }
}
