package org.sotto.benchmarks;

import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.util.PacketParserUtils;

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

import org.sotto.core.internal.xmpp.XmlText;

/**
 * Writing a received stanza's XML for the inbound journal (on Smack's reader thread): a message with an element no
 * parser knows (kept as Smack's generic element) with 1 000 to 100 000 children. Time should grow linearly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class JournalXmlBenchmark {
    @Param({"1000", "10000", "100000"})
    public int children;

    private Message message;

    @Setup
    public void setUp() throws Exception {
        message = stanza(children);
    }

    static Message stanza(int children) throws Exception {
        StringBuilder xml = new StringBuilder("<message xmlns='jabber:client' from='mallory@localhost/raw' "
                + "to='alice@localhost' type='chat' id='many'><body>many children</body><x xmlns='urn:example:hostile'>");
        for (int i = 0; i < children; i++) {
            xml.append("<c n='").append(i).append("'/>");
        }
        return PacketParserUtils.parseStanza(xml.append("</x></message>").toString());
    }

    @Benchmark
    public String journalXml() {
        return XmlText.of(message);
    }
}
