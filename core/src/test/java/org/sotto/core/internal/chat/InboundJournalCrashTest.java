package org.sotto.core.internal.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.hints.element.NoStoreHint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.jxmpp.jid.impl.JidCreate;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.connection.CertificateFingerprints;
import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.core.internal.persistence.InboundJournal;
import org.sotto.core.internal.persistence.store.StorePersistence;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.store.KdfParameters;
import org.sotto.store.Profile;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * A process that dies after a stanza was journaled (and counted for XEP-0198) but before it was stored loses
 * nothing: the stanza is replayed from the inbound journal at the next start, exactly once. The message carries a
 * no-store hint, so the server's archive cannot be what brings it back.
 */
class InboundJournalCrashTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    private static final String PASSPHRASE = "bob's profile passphrase";

    @TempDir
    Path temp;

    @Test
    void aMessageJournaledBeforeTheProcessDiedIsStoredExactlyOnceAfterTheRestart() throws Exception {
        ProsodyServer server = PROSODY.server();
        String alice = server.register("alice", "alice-pw");
        String bob = server.register("bob", "bob-pw");
        Path profile = temp.resolve("bob");
        try (StorePersistence disk = StorePersistence.owning(Profile.create(profile, PASSPHRASE.toCharArray(),
                new KdfParameters(KdfParameters.MINIMUM_MEMORY_KIB, 1, 1)))) {
            disk.accounts().save(AccountRecord.of(bob).withServer(server.host(), server.c2sPort())
                    .withPinnedCertificate(CertificateFingerprints.sha256(server.certificate().certificate())));
            disk.accounts().savePassword(bob, "bob-pw");
        }
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), JournalCrashChild.class.getName(),
                profile.toString(), PASSPHRASE, bob).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        XMPPTCPConnection aliceClient = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("online", out.readLine());
            aliceClient = Connections.connectAndLogin(ConnectionSettings.of(alice, "alice-pw")
                    .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
            aliceClient.sendStanza(message("kept-1", bob, "stored before the crash", false));
            aliceClient.sendStanza(message("crash-1", bob, "crash: not archived, only journaled", true));
            assertEquals("dying", out.readLine());
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child died");
            assertEquals(3, child.exitValue());
        } finally {
            child.destroyForcibly();
            if (aliceClient != null) {
                aliceClient.disconnect();
            }
        }

        try (StorePersistence disk = StorePersistence.openOrCreate(profile, PASSPHRASE.toCharArray())) {
            // what the dead process left: the message in the journal, not in the log
            List<InboundJournal.JournalEntry> journal = disk.inboundJournal().pending(bob);
            assertEquals(1, journal.size());
            assertTrue(journal.get(0).stanzaXml().contains("crash-1"));
            assertEquals(List.of("stored before the crash"), bodies(disk, bob, alice));

            try (TestSotto restarted = new TestSotto(server, disk, TestSotto.options(server))) {
                AccountSession again = restarted.sotto.accounts().session(bob).orElseThrow();
                assertTrue(Await.done(again.connect()) instanceof ConnectionState.Online);
                restarted.await(MessageAdded.class, e -> e.message().body().startsWith("crash"));
                Await.done(again.catchUp()); // the archive has only the first one: nothing doubles
                Await.done(again.drain());
                assertEquals(List.of("stored before the crash", "crash: not archived, only journaled"),
                        bodies(disk, bob, alice));
                assertEquals(List.of(), disk.inboundJournal().pending(bob), "the replayed entry is gone");
            }
        }
    }

    private static Message message(String id, String to, String body, boolean noStore) throws Exception {
        var builder = StanzaBuilder.buildMessage(id).ofType(Message.Type.chat).to(JidCreate.from(to)).setBody(body);
        if (noStore) {
            builder.addExtension(NoStoreHint.INSTANCE);
        }
        return builder.build();
    }

    private static List<String> bodies(StorePersistence disk, String account, String peer) {
        return disk.messages().history(account, peer, Optional.empty(), 10).stream().map(ChatMessage::body).toList();
    }
}
