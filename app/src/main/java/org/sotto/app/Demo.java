package org.sotto.app;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.sotto.core.api.ProfileOptions;
import org.sotto.core.api.Profiles;
import org.sotto.core.api.SottoProfile;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.Direction;
import org.sotto.core.api.contacts.SubscriptionState;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.testkit.DemoServer;

/**
 * What demo mode shows: alice's account in a profile kept in memory, with an encrypted chat from bob (who answers
 * what alice writes him) and a plaintext chat from carol, all on the throwaway demo server. Bob and carol run in the
 * same process, each in a profile of their own, through the same API as the window.
 */
final class Demo implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final DemoServer server;
    private final List<SottoProfile> profiles = new ArrayList<>();
    private final ExecutorService bobsReplies = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "sotto-demo-bob");
        thread.setDaemon(true);
        return thread;
    });
    private SottoProfile alice;

    private Demo(DemoServer server) {
        this.server = server;
    }

    /** Signs alice, bob and carol in and writes the first messages; blocks (call it off the JavaFX thread). */
    static Demo start(DemoServer server) throws Exception {
        Demo demo = new Demo(server);
        try {
            demo.prepare();
            return demo;
        } catch (Exception | Error e) {
            demo.close();
            throw e;
        }
    }

    private void prepare() throws Exception {
        String carolPassword = randomPassword();
        String carolJid = server.server().register("carol", carolPassword);
        alice = profile();
        SottoProfile bobProfile = profile();
        SottoProfile carolProfile = profile();
        Account a = online(alice, server.alice().jid(), server.alice().password());
        Account b = online(bobProfile, server.bob().jid(), server.bob().password());
        Account c = online(carolProfile, carolJid, carolPassword);

        b.contacts().preApprove(a.jid()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        a.contacts().preApprove(b.jid()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        a.contacts().add(b.jid(), Optional.of("Bob"), Set.of("Demo")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        b.contacts().add(a.jid(), Optional.of("Alice"), Set.of()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        a.contacts().add(carolJid, Optional.of("Carol"), Set.of("Demo")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        // the requests are answered before the window opens: a newcomer's first view has no banner to act on
        answered(a, b.jid());
        answered(b, a.jid());
        answered(c, a.jid());

        // bob encrypts for alice's devices once he sees them published
        awaitDevices(b, a.jid());
        awaitDevices(a, b.jid());
        b.chats().send(a.jid(), "Hi Alice! This chat is end-to-end encrypted with OMEMO: only our devices can read it.")
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        b.chats().send(a.jid(), "Messages can be *bold*, _italic_, ~struck~ or `code` (XEP-0393 styling).\n"
                + "Links show their address before they open: https://xmpp.org/extensions/xep-0384.html\n"
                + "Write me something: I answer every message.").get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // carol writes in plaintext, and alice's chat with her is plaintext too: the window marks it everywhere
        c.trust().setPlaintext(a.jid(), true);
        a.trust().setPlaintext(carolJid, true);
        c.chats().send(a.jid(), "I write without end-to-end encryption, so the servers can read this chat.")
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        bobProfile.subscribe(MessageAdded.class, Optional.of(b.jid()), bobsReplies, added -> {
            for (MessageAdded event : added) {
                if (event.live() && event.message().direction() == Direction.INCOMING
                        && event.message().peer().equals(a.jid())) {
                    b.chats().send(a.jid(), "You wrote " + event.message().body().length()
                            + " characters at " + Instant.now().toString().substring(11, 19) + " UTC; I read them.");
                }
            }
        });
        // wait until alice has the three messages, so the window opens on them
        long until = System.nanoTime() + WAIT.toNanos();
        while (a.chats().conversationList().get().size() < 2 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    private SottoProfile profile() {
        SottoProfile profile = Profiles.inMemory(ProfileOptions.defaults().withConnectOnOpen(false));
        profiles.add(profile);
        return profile;
    }

    private Account online(SottoProfile profile, String jid, String password) throws Exception {
        AccountRecord record = AccountRecord.of(jid).withServer(server.server().host(), server.server().c2sPort())
                .withPinnedCertificate(sha256(server.server().certificate().certificate()));
        Account account = profile.accounts().add(record, password);
        ConnectionState state = account.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (!(state instanceof ConnectionState.Online)) {
            throw new IllegalStateException(jid + " could not sign in to the demo server: " + state.message());
        }
        return account;
    }

    /**
     * Waits until {@code requester} sees {@code account}'s presence, approving the request if it is pending (a server
     * without pre-approval delivers it even to an account that pre-approved).
     */
    private static void answered(Account account, String requester) throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        while (!seenBy(account, requester)) {
            if (account.contacts().pendingRequests().get(WAIT.toSeconds(), TimeUnit.SECONDS).contains(requester)) {
                account.contacts().approve(requester).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException(requester + "'s subscription request was not answered");
            }
            Thread.sleep(100);
        }
    }

    private static boolean seenBy(Account account, String contact) {
        return account.contacts().roster().get().stream().anyMatch(c -> c.jid().equals(contact)
                && (c.subscription() == SubscriptionState.FROM || c.subscription() == SubscriptionState.BOTH));
    }

    private static void awaitDevices(Account account, String peer) throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        while (account.trust().refresh(peer).get(WAIT.toSeconds(), TimeUnit.SECONDS).isEmpty()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException(peer + " published no OMEMO device");
            }
            Thread.sleep(100);
        }
    }

    /** The form {@code Account.pinCertificate} takes: SHA-256 of the certificate, colon-separated upper-case hex. */
    static String sha256(X509Certificate certificate) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    private static String randomPassword() {
        byte[] random = new byte[9];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Alice's profile, which the window opens on. */
    SottoProfile alice() {
        return alice;
    }

    DemoServer server() {
        return server;
    }

    String describe() {
        return server.describe();
    }

    @Override
    public void close() {
        bobsReplies.shutdownNow();
        for (SottoProfile profile : profiles) {
            try {
                profile.close();
            } catch (RuntimeException e) {
                System.err.println("sotto: closing a demo profile failed: " + e.getMessage());
            }
        }
        server.close();
    }
}
