package org.sotto.benchmarks;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sotto.crypto.Fingerprint;

/** Formatting and parsing fingerprints, as a trust dialog listing many devices does. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class FingerprintBenchmark {
    private Fingerprint fingerprint;
    private String display;

    @Setup
    public void setUp() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        fingerprint = new Fingerprint(key);
        display = fingerprint.display();
    }

    @Benchmark
    public String display() {
        return fingerprint.display();
    }

    @Benchmark
    public Fingerprint parse() {
        return Fingerprint.parse(display);
    }
}
