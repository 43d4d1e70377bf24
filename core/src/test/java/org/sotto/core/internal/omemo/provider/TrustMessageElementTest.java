package org.sotto.core.internal.omemo.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.internal.omemo.element.SceEnvelope;
import org.sotto.core.internal.omemo.element.TrustMessageElement;
import org.sotto.core.internal.omemo.element.TrustMessageElement.Entry;

/** XEP-0434 trust messages with XEP-0450's usage, through the OMEMO 2 envelope and back. */
class TrustMessageElementTest {
    private static final byte[] BOB = Base64.getDecoder().decode("YjVI04NcbTPvXLaA95RO84HPcSvyOgEZ2r5cTyUs0C8=");
    private static final byte[] A3 = Base64.getDecoder().decode("IhpPjiKLchgrAG5cpSfTvdzPjZ5v6vTOluHEUehkgCA=");

    @Test
    void entriesSurviveTheEnvelope() throws Exception {
        TrustMessageElement sent = new TrustMessageElement(List.of(new Entry("bob@example.com", BOB, true),
                new Entry("alice@example.org", A3, false)));
        SceEnvelope envelope = SceEnvelope.forMessage(null, List.of(sent), JidCreate.entityBareFrom("alice@example.org"),
                JidCreate.entityBareFrom("alice@example.org"), Instant.now(), new SecureRandom());
        SceEnvelope received = SceEnvelopeProvider.parse(envelope.toBytes());

        assertFalse(received.body().isPresent(), "a trust message has no body");
        List<Entry> entries = TrustMessageElement.from(received.content()).orElseThrow().entries();
        assertEquals(2, entries.size());
        assertEquals("bob@example.com", entries.get(0).owner());
        assertArrayEquals(BOB, entries.get(0).key());
        assertTrue(entries.get(0).trust());
        assertEquals("alice@example.org", entries.get(1).owner());
        assertArrayEquals(A3, entries.get(1).key());
        assertFalse(entries.get(1).trust());
    }

    @Test
    void theSpecsExampleReadsAndBadKeysAndOtherUsagesDoNot() throws Exception {
        String example = "<envelope xmlns='urn:xmpp:sce:1'><content>"
                + "<trust-message xmlns='urn:xmpp:tm:1' usage='urn:xmpp:atm:1' encryption='urn:xmpp:omemo:2'>"
                + "<key-owner jid='alice@example.org'><trust>883dkfJVAmUkg74v1fqqoA+AhorA1R1+67GwijiS4z0=</trust>"
                + "<trust>not base64!</trust><distrust>c2hvcnQ=</distrust></key-owner>"
                + "<key-owner jid='bob@example.com'><trust>YjVI04NcbTPvXLaA95RO84HPcSvyOgEZ2r5cTyUs0C8=</trust></key-owner>"
                + "</trust-message></content><rpad>x</rpad></envelope>";
        List<Entry> entries = TrustMessageElement.from(SceEnvelopeProvider.parse(example.getBytes(StandardCharsets.UTF_8))
                .content()).orElseThrow().entries();
        assertEquals(List.of("alice@example.org", "bob@example.com"), entries.stream().map(Entry::owner).toList(),
                "the key that is not Base64 and the one of 5 bytes are skipped");

        String otherUsage = example.replace("urn:xmpp:atm:1", "urn:example:other");
        assertTrue(TrustMessageElement.from(SceEnvelopeProvider.parse(otherUsage.getBytes(StandardCharsets.UTF_8))
                .content()).isEmpty());
        String legacy = example.replace("encryption='urn:xmpp:omemo:2'", "encryption='eu.siacs.conversations.axolotl'");
        assertTrue(TrustMessageElement.from(SceEnvelopeProvider.parse(legacy.getBytes(StandardCharsets.UTF_8))
                .content()).isEmpty());
    }

    @Test
    void atMostMaxKeysAreRead() throws Exception {
        StringBuilder xml = new StringBuilder("<envelope xmlns='urn:xmpp:sce:1'><content><trust-message xmlns='urn:xmpp:tm:1' "
                + "usage='urn:xmpp:atm:1' encryption='urn:xmpp:omemo:2'><key-owner jid='bob@example.com'>");
        for (int i = 0; i < TrustMessageElement.MAX_KEYS + 50; i++) {
            xml.append("<trust>YjVI04NcbTPvXLaA95RO84HPcSvyOgEZ2r5cTyUs0C8=</trust>");
        }
        xml.append("</key-owner></trust-message></content></envelope>");
        assertEquals(TrustMessageElement.MAX_KEYS, TrustMessageElement.from(SceEnvelopeProvider
                .parse(xml.toString().getBytes(StandardCharsets.UTF_8)).content()).orElseThrow().entries().size());
    }
}
