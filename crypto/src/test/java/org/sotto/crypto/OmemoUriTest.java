package org.sotto.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class OmemoUriTest {
    private static final String FP1 = "a".repeat(56) + "01234567";
    private static final String FP2 = "0123456789abcdef".repeat(4);

    @Test
    void formatsAsConversationsDoes() {
        OmemoUri uri = new OmemoUri("juliet@capulet.lit", List.of(
                new OmemoUri.DeviceFingerprint(12345, Fingerprint.parse(FP1)),
                new OmemoUri.DeviceFingerprint(678, Fingerprint.parse(FP2))));
        assertEquals("xmpp:juliet@capulet.lit?omemo-sid-12345=" + FP1 + ";omemo-sid-678=" + FP2, uri.format());
    }

    @Test
    void roundTrips() throws Exception {
        for (String jid : List.of("juliet@capulet.lit", "capulet.lit", "ju?li#et;x=y@capulet.lit", "jüliet@kapület.de")) {
            OmemoUri uri = new OmemoUri(jid, List.of(new OmemoUri.DeviceFingerprint(Integer.MAX_VALUE,
                    DeviceIdentity.generate().fingerprint()), new OmemoUri.DeviceFingerprint(1, Fingerprint.parse(FP2))));
            assertEquals(uri, OmemoUri.parse(uri.format()));
        }
    }

    @Test
    void readsWhatConversationsWrites() throws Exception {
        OmemoUri uri = OmemoUri.parse("xmpp:romeo@montague.lit?omemo-sid-1234=" + FP1.toUpperCase()
                + ";omemo-sid-55=05" + FP2);
        assertEquals("romeo@montague.lit", uri.bareJid());
        assertEquals(List.of(new OmemoUri.DeviceFingerprint(1234, Fingerprint.parse(FP1)),
                new OmemoUri.DeviceFingerprint(55, Fingerprint.parse(FP2))), uri.devices());
    }

    @Test
    void ignoresOtherParametersAndTheResourceAndDecodesTheJid() throws Exception {
        OmemoUri uri = OmemoUri.parse("XMPP:romeo%40montague.lit/phone?message;body=hi;omemo-sid-7=" + FP2 + "#frag");
        assertEquals("romeo@montague.lit", uri.bareJid());
        assertEquals(7, uri.devices().get(0).deviceId());
        assertEquals(1, OmemoUri.parse("xmpp:a@b?omemo-sid-7=" + FP2 + "&omemo-sid-7=" + FP2).devices().size());
    }

    @Test
    void readsGajimsAndDinosForms() throws Exception {
        // Gajim: an action first, then the devices; Dino: one device, lower-case hex
        OmemoUri gajim = OmemoUri.parse("xmpp:romeo@montague.lit?message;omemo-sid-1234=" + FP1 + ";omemo-sid-55=" + FP2);
        assertEquals(List.of(new OmemoUri.DeviceFingerprint(1234, Fingerprint.parse(FP1)),
                new OmemoUri.DeviceFingerprint(55, Fingerprint.parse(FP2))), gajim.devices());
        OmemoUri dino = OmemoUri.parse("xmpp:romeo@montague.lit?omemo-sid-2147483647=" + FP1.toLowerCase());
        assertEquals(List.of(new OmemoUri.DeviceFingerprint(Integer.MAX_VALUE, Fingerprint.parse(FP1))), dino.devices());
        // pasted with the whitespace around it that a chat or a terminal adds
        assertEquals(dino, OmemoUri.parse("\n  xmpp:romeo@montague.lit?omemo-sid-2147483647=" + FP1 + " \t"));
    }

    @Test
    void manyDevicesFitAndTheSameDeviceTwiceWithTheSameKeyIsOnce() throws Exception {
        StringBuilder text = new StringBuilder("xmpp:romeo@montague.lit?");
        for (int id = 1; id <= 80; id++) {
            text.append(id == 1 ? "" : ";").append("omemo-sid-").append(id).append('=').append(id % 2 == 0 ? FP1 : FP2);
        }
        assertEquals(80, OmemoUri.parse(text.toString()).devices().size());
        assertEquals(1, OmemoUri.parse("xmpp:romeo@montague.lit?omemo-sid-9=" + FP1 + ";omemo-sid-9="
                + FP1.toUpperCase()).devices().size());
    }

    static List<String> malformed() {
        return List.of(
        "",
        "https://conversations.im/i/romeo@montague.lit",
        "xmpp:romeo@montague.lit",
        "xmpp:romeo@montague.lit?message",
        "xmpp:?omemo-sid-1=" + FP2,
        "xmpp:@montague.lit?omemo-sid-1=" + FP2,
        "xmpp:a b@montague.lit?omemo-sid-1=" + FP2,
        "xmpp://authority/romeo@montague.lit?omemo-sid-1=" + FP2,
        "xmpp:romeo@montague.lit?omemo-sid-=" + FP2,
        "xmpp:romeo@montague.lit?omemo-sid-0=" + FP2,
        "xmpp:romeo@montague.lit?omemo-sid--5=" + FP2,
        "xmpp:romeo@montague.lit?omemo-sid-2147483648=" + FP2,
        "xmpp:romeo@montague.lit?omemo-sid-12a=" + FP2,
        "xmpp:romeo@montague.lit?omemo-sid-1",
        "xmpp:romeo@montague.lit?omemo-sid-1=",
        "xmpp:romeo@montague.lit?omemo-sid-1=abc",
        "xmpp:romeo@montague.lit?omemo-sid-1=" + "z".repeat(64),
        "xmpp:romeo@montague.lit?omemo-sid-1=" + FP2 + "0",
        "xmpp:romeo@montague.lit?omemo-sid-1=" + FP2 + ";omemo-sid-1=" + FP1,
        "xmpp:rom%4@montague.lit?omemo-sid-1=" + FP2,
        "xmpp:rom%ff@montague.lit?omemo-sid-1=" + FP2,
        // hostile or damaged: control characters, non-ASCII digits, a JID longer than a JID may be, huge input
        "xmpp:romeo%00@montague.lit?omemo-sid-1=" + FP2,
        "xmpp:romeo@montague.lit%0A?omemo-sid-1=" + FP2,
        "xmpp:romeo@montague.lit?omemo-sid-\u0661\u0662=" + FP2,
        "xmpp:romeo@montague.lit?omemo-sid-\uff11=" + FP2,
        "xmpp:romeo@montague.lit?omemo-sid-1=" + FP2.substring(0, 63) + "\uff41",
        "xmpp:romeo@montague.lit?omemo-sid-1=" + FP2.substring(0, 63),
        "xmpp:romeo@montague.lit?omemo-sid-1=%" + FP2.substring(1),
        "xmpp:romeo@montague.lit?omemo-sid-99999999999=" + FP2,
        "xmpp:romeo@montague.lit?omemo%2Dsid-1=" + FP2,
        "xmpp:" + "r".repeat(2_040) + "@montague.lit?omemo-sid-1=" + FP2,
        "xmpp:romeo@montague.lit?omemo-sid-1=" + FP2 + ";body=" + "x".repeat(OmemoUri.MAX_LENGTH));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void refusesMalformedUrisWithATypedError(String text) {
        MalformedUriException error = assertThrows(MalformedUriException.class, () -> OmemoUri.parse(text));
        assertTrue(error.getMessage() != null && !error.getMessage().isBlank());
    }

    @Test
    void refusesNull() {
        assertThrows(MalformedUriException.class, () -> OmemoUri.parse(null));
    }
}
