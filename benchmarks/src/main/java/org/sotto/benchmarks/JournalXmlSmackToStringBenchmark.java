package org.sotto.benchmarks;

import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.packet.Message;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The baseline {@link JournalXmlBenchmark} replaced: Smack 4.4.8's {@code toXML().toString()} on the same stanzas,
 * at sizes small enough to finish (it is quadratic in the number of children).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class JournalXmlSmackToStringBenchmark {
    @Param({"1000", "2000", "4000"})
    public int children;

    private Message message;

    @Setup
    public void setUp() throws Exception {
        message = JournalXmlBenchmark.stanza(children);
    }

    @Benchmark
    public String smackToString() {
        return message.toXML().toString();
    }
}
