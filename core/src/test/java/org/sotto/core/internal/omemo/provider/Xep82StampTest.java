package org.sotto.core.internal.omemo.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.jivesoftware.smack.parsing.SmackParsingException;

import org.junit.jupiter.api.Test;

import org.jxmpp.util.XmppDateTime;

class Xep82StampTest {

    @Test
    void theUsualFormsGiveTheSameInstantAsSmacksParser() throws Exception {
        for (String stamp : List.of("2026-11-23T13:11:09Z", "2026-11-23T13:11:09.123Z", "2026-11-23T13:11:09.123+00:00",
                "2026-11-23T13:11:09.5+01:30", "1999-12-31T23:59:59.999999-05:00", "2024-02-29T00:00:00.000Z",
                "2026-11-23T13:11:09.123456789Z")) {
            Instant expected = XmppDateTime.parseXEP0082Date(stamp).toInstant();
            Instant fast = Xep82Stamp.usualForm(stamp);
            if (stamp.endsWith("999999-05:00") || stamp.endsWith("456789Z")) {
                // Smack's Date keeps milliseconds only; the fast path keeps all digits
                assertEquals(expected.toEpochMilli(), fast.toEpochMilli(), stamp);
            } else {
                assertEquals(expected, fast, stamp);
            }
            assertEquals(fast, Xep82Stamp.parse(stamp), stamp);
        }
    }

    @Test
    void whatSceWritesIsReadBack() throws Exception {
        Instant now = Instant.ofEpochMilli(1_795_000_000_123L);
        assertEquals(now, Xep82Stamp.parse(XmppDateTime.formatXEP0082Date(Date.from(now))));
    }

    @Test
    void otherFormsGoToSmacksParserAndGarbageIsATypedError() throws Exception {
        assertNull(Xep82Stamp.usualForm("2026-11-23T13:11:09"));
        assertNull(Xep82Stamp.usualForm("2026-13-23T13:11:09Z"));
        assertNull(Xep82Stamp.usualForm("2026-11-23T13:11:09.Z"));
        assertNull(Xep82Stamp.usualForm("2026-11-23T13:11:09+0100"));
        assertEquals(XmppDateTime.parseXEP0082Date("2026-11-23T13:11:09+0100").toInstant(),
                Xep82Stamp.parse("2026-11-23T13:11:09+0100"));
        assertThrows(SmackParsingException.class, () -> Xep82Stamp.parse("yesterday"));
    }
}
