package org.sotto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sotto.cli.CliProfile.Run;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/** The CLI with real encrypted profiles on a real Prosody: sends are OMEMO-encrypted or fail, plaintext only by choice. */
class SottoCliOmemoTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();

    private static boolean encrypted(JsonNode message) {
        return message.get("encryption").asText().startsWith("e2ee_");
    }

    @Test
    void twoProfilesExchangeEncryptedMessagesAndKeepTheirSessionsBetweenRuns(@TempDir Path temp) throws Exception {
        ProsodyServer server = PROSODY.server();
        CliProfile alice = new CliProfile(server, server.register("alice", "alice-pw"), "alice-pw", temp.resolve("alice"));
        CliProfile bob = new CliProfile(server, server.register("bob", "bob-pw"), "bob-pw", temp.resolve("bob"));
        assertEquals(0, bob.run("contacts").code()); // bob's first run publishes his OMEMO device

        XMPPTCPConnection bobPlain = TestServers.plainClient(server, bob.jid(), "bob-pw");
        BlockingQueue<Message> onTheWire = new LinkedBlockingQueue<>();
        bobPlain.addAsyncStanzaListener(stanza -> onTheWire.add((Message) stanza), StanzaTypeFilter.MESSAGE);
        bobPlain.connect().login();
        try {
            Run sent = alice.run("send", bob.jid(), "the", "first", "secret");
            assertEquals(0, sent.code(), sent.err() + sent.lines());
            assertTrue(encrypted(sent.last()), sent.last().toString());
            assertEquals("the first secret", sent.last().get("body").asText());

            Message wire = onTheWire.poll(30, TimeUnit.SECONDS);
            assertNotNull(wire, "bob's plain client got no message");
            assertFalse(wire.toXML().toString().contains("first secret"), wire.toXML().toString());
        } finally {
            bobPlain.disconnect();
        }

        Run history = bob.run("history", alice.jid());
        assertEquals(0, history.code(), history.err());
        JsonNode received = history.ofType("message").stream().filter(m -> m.get("direction").asText().equals("incoming"))
                .findFirst().orElseThrow(() -> new AssertionError(history.lines().toString()));
        assertEquals("the first secret", received.get("body").asText());
        assertTrue(encrypted(received), received.toString());

        // a second message on the session both profiles kept: bob's next run decrypts it with the stored session
        Run again = alice.run("send", bob.jid(), "the", "second", "secret");
        assertEquals(0, again.code(), again.err() + again.lines());
        Run later = bob.run("history", alice.jid());
        assertTrue(later.ofType("message").stream().anyMatch(m -> m.get("body").asText().equals("the second secret")
                && encrypted(m)), later.lines().toString());
    }

    @Test
    void aSendToAnAccountWithoutOmemoFailsUntilPlaintextIsChosen(@TempDir Path temp) {
        ProsodyServer server = PROSODY.server();
        CliProfile carol = new CliProfile(server, server.register("carol", "carol-pw"), "carol-pw", temp.resolve("carol"));
        String dave = server.register("dave", "dave-pw"); // never runs an OMEMO client

        Run refused = carol.run("send", dave, "not", "for", "plaintext");
        assertEquals(1, refused.code(), refused.lines().toString());
        assertEquals("error", refused.last().get("type").asText());
        assertEquals("no_devices", refused.last().get("reason").asText(), refused.last().toString());
        assertTrue(carol.run("history", dave).ofType("message").isEmpty(), "a refused message must not be stored");

        Run plain = carol.run("send", "--plaintext", dave, "plain", "by", "choice");
        assertEquals(0, plain.code(), plain.err() + plain.lines());
        assertEquals("plaintext", plain.last().get("encryption").asText());

        // the choice is kept in the profile: the next run sends in plaintext without the flag
        Run kept = carol.run("send", dave, "still", "plain");
        assertEquals(0, kept.code(), kept.err() + kept.lines());
        assertEquals("plaintext", kept.last().get("encryption").asText());

        // and taken back: OMEMO again, so the send fails again
        assertEquals(0, carol.run("plaintext", dave, "off").code());
        assertEquals(1, carol.run("send", dave, "refused", "again").code());
        List<JsonNode> stored = carol.run("history", dave).ofType("message");
        assertEquals(List.of("plain by choice", "still plain"), stored.stream().map(m -> m.get("body").asText()).toList());
        assertTrue(stored.stream().allMatch(m -> m.get("encryption").asText().equals("plaintext")), stored.toString());
    }

    @Test
    void devicesTrustAndVerificationFromTheCommandLine(@TempDir Path temp) {
        ProsodyServer server = PROSODY.server();
        CliProfile erin = new CliProfile(server, server.register("erin", "erin-pw"), "erin-pw", temp.resolve("erin"));
        CliProfile frank = new CliProfile(server, server.register("frank", "frank-pw"), "frank-pw", temp.resolve("frank"));

        // frank's own view of his device, and erin's view of it: the same fingerprint, 8 groups of 8 hex digits
        JsonNode own = frank.run("devices").ofType("device").get(0);
        assertEquals("own", own.get("trust").asText());
        String fingerprint = own.get("fingerprint").asText();
        assertTrue(fingerprint.matches("[0-9a-f]{8}( [0-9a-f]{8}){7}"), fingerprint);
        int frankDevice = own.get("device").asInt();
        List<JsonNode> seen = erin.run("devices", frank.jid()).ofType("device");
        assertEquals(1, seen.size(), seen.toString());
        assertEquals(frankDevice, seen.get(0).get("device").asInt());
        assertEquals(fingerprint, seen.get(0).get("fingerprint").asText());
        assertEquals("trusted_blind", seen.get(0).get("trust").asText());

        // a URI with another key is refused and changes nothing; the right one verifies the device
        String wrongKey = "ab".repeat(32);
        Run wrong = erin.run("verify", "xmpp:" + frank.jid() + "?omemo-sid-" + frankDevice + "=" + wrongKey);
        assertEquals(1, wrong.code(), wrong.lines().toString());
        assertEquals("fingerprint_mismatch", wrong.last().get("reason").asText());
        assertEquals("trusted_blind", erin.run("devices", frank.jid()).ofType("device").get(0).get("trust").asText());
        Run right = erin.run("verify", "xmpp:" + frank.jid() + "?omemo-sid-" + frankDevice + "=" + fingerprint.replace(" ", ""));
        assertEquals(0, right.code(), right.err() + right.lines());
        assertEquals("verified", right.last().get("trust").asText());
        assertTrue(encrypted(erin.run("send", frank.jid(), "verified", "now").last()));

        // frank adds a second device: with a verified one on record it is undecided, and erin's send names it
        CliProfile frankPhone = new CliProfile(server, frank.jid(), "frank-pw", temp.resolve("frank-phone"));
        int phone = frankPhone.run("devices").ofType("device").get(0).get("device").asInt();
        Run blocked = erin.run("send", frank.jid(), "blocked", "for", "now");
        assertEquals(1, blocked.code(), blocked.lines().toString());
        assertEquals("undecided_devices", blocked.last().get("reason").asText());
        assertEquals(phone, blocked.last().get("devices").get(0).get("device").asInt(), blocked.last().toString());
        // before the error line: the blocking device with its key, to decide about
        JsonNode undecided = blocked.ofType("device").get(0);
        assertEquals(phone, undecided.get("device").asInt());
        assertEquals("undecided", undecided.get("trust").asText());
        assertEquals(frankPhone.run("devices").ofType("device").get(0).get("fingerprint").asText(),
                undecided.get("fingerprint").asText());

        // distrusting it lets the message go to the verified device only; trusting it includes it again
        Run distrusted = erin.run("distrust", frank.jid(), String.valueOf(phone));
        assertEquals("distrusted", distrusted.last().get("trust").asText());
        Run toVerifiedOnly = erin.run("send", frank.jid(), "only", "for", "the", "laptop");
        assertEquals(0, toVerifiedOnly.code(), toVerifiedOnly.lines().toString());
        assertEquals("e2ee_verified", toVerifiedOnly.last().get("encryption").asText());
        assertEquals("trusted_blind", erin.run("trust", frank.jid(), String.valueOf(phone)).last().get("trust").asText());
        Run toBoth = erin.run("send", frank.jid(), "for", "both");
        assertEquals(0, toBoth.code(), toBoth.lines().toString());
        assertEquals("e2ee_trusted", toBoth.last().get("encryption").asText());
        Run phoneHistory = frankPhone.run("history", erin.jid());
        assertTrue(phoneHistory.ofType("message").stream().anyMatch(m -> m.get("body").asText().equals("for both")),
                phoneHistory.lines().toString());
        assertTrue(phoneHistory.ofType("message").stream().noneMatch(m -> m.get("body").asText().equals("only for the laptop")),
                phoneHistory.lines().toString());
    }

    @Test
    void aStaleOwnDeviceIsRemovedAndShownAsInactiveAfterwards(@TempDir Path temp) {
        ProsodyServer server = PROSODY.server();
        String jid = server.register("gina", "gina-pw");
        CliProfile laptop = new CliProfile(server, jid, "gina-pw", temp.resolve("laptop"));
        CliProfile old = new CliProfile(server, jid, "gina-pw", temp.resolve("old"));
        int oldDevice = old.run("devices").ofType("device").get(0).get("device").asInt();
        List<JsonNode> before = laptop.run("devices").ofType("device");
        int self = before.get(0).get("device").asInt();
        assertEquals("own", before.get(0).get("trust").asText());
        assertTrue(before.stream().anyMatch(d -> d.get("device").asInt() == oldDevice
                && d.get("trust").asText().equals("trusted_blind")), before.toString());
        assertEquals(2, laptop.run("remove-device", String.valueOf(self)).code(), "this device cannot remove itself");

        Run removed = laptop.run("remove-device", String.valueOf(oldDevice));
        assertEquals(0, removed.code(), removed.lines().toString());
        assertEquals("device-removed", removed.last().get("type").asText());
        List<JsonNode> after = laptop.run("devices").ofType("device");
        JsonNode stale = after.stream().filter(d -> d.get("device").asInt() == oldDevice).findFirst().orElseThrow();
        assertFalse(stale.get("active").asBoolean(), after.toString());
        assertEquals("trusted_blind", stale.get("trust").asText(), "its trust record stays");
    }
}
