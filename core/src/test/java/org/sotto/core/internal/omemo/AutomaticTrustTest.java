package org.sotto.core.internal.omemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.event.MessageAdded;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.omemo.element.TrustMessageElement;
import org.sotto.core.internal.omemo.element.TrustMessageElement.Entry;
import org.sotto.core.internal.testing.Await;
import org.sotto.core.internal.testing.TestSotto;
import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.IdentityKeys;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.TrustLevel;
import org.sotto.crypto.TrustRecord;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.ProsodyExtension;
import org.sotto.testkit.ProsodyServer;

/**
 * XEP-0450 between Sotto cores against Prosody: alice on two devices (one and two), bob on one. Verifications and
 * distrusts travel as OMEMO 2 trust messages to verified devices only, and count only from verified devices.
 */
class AutomaticTrustTest {
    @RegisterExtension
    static final ProsodyExtension PROSODY = new ProsodyExtension();
    static final Set<OmemoVersion> BOTH = EnumSet.allOf(OmemoVersion.class);
    private static final AtomicInteger RUNS = new AtomicInteger();

    private TestSotto aliceOneDevice;
    private TestSotto aliceTwoDevice;
    private TestSotto bobDevice;
    private String aliceJid;
    private String bobJid;
    private AccountSession aliceOne;
    private AccountSession aliceTwo;
    private AccountSession bob;
    private OmemoService one;
    private OmemoService two;
    private final InMemoryOmemoStore twoStore = new InMemoryOmemoStore();
    private OmemoService bobs;
    private DeviceAddress oneAddress;
    private DeviceAddress twoAddress;
    private DeviceAddress bobAddress;

    @BeforeEach
    void start() {
        ProsodyServer server = PROSODY.server();
        int run = RUNS.incrementAndGet(); // one server for the class: new accounts per test
        aliceJid = server.register("alice" + run, "alice-pw");
        bobJid = server.register("bob" + run, "bob-pw");
        aliceOneDevice = TestSotto.start(server);
        aliceTwoDevice = TestSotto.start(server);
        bobDevice = TestSotto.start(server);
        aliceOne = aliceOneDevice.sotto.accounts().add(aliceOneDevice.record(aliceJid).withResource("one"), "alice-pw");
        one = aliceOne.enableOmemo(new InMemoryOmemoStore(), BOTH);
        online(aliceOne);
        aliceTwo = aliceTwoDevice.sotto.accounts().add(aliceTwoDevice.record(aliceJid).withResource("two"), "alice-pw");
        two = aliceTwo.enableOmemo(twoStore, BOTH);
        online(aliceTwo);
        bob = bobDevice.sotto.accounts().add(bobDevice.record(bobJid), "bob-pw");
        bobs = bob.enableOmemo(new InMemoryOmemoStore(), BOTH);
        online(bob);
        OmemoTestSupport.mutualContacts(aliceOneDevice, aliceOne, bobDevice, bob);
        oneAddress = new DeviceAddress(aliceJid, one.ownDeviceId());
        twoAddress = new DeviceAddress(aliceJid, two.ownDeviceId());
        bobAddress = new DeviceAddress(bobJid, bobs.ownDeviceId());
        // everyone knows everyone's keys (blindly trusted so far)
        for (OmemoService omemo : new OmemoService[] {one, two, bobs}) {
            Await.until("the devices are listed", () -> Await.done(omemo.devices(aliceJid)).size()
                    + Await.done(omemo.devices(bobJid)).size() == 2);
        }
    }

    @AfterEach
    void close() {
        aliceOneDevice.close();
        aliceTwoDevice.close();
        bobDevice.close();
    }

    @Test
    void aVerificationReachesTheOtherOwnDeviceOnceItVerifiedTheSenderAndADistrustFollows() {
        assertFalse(one.automaticTrust(), "off by default");
        Await.done(one.setAutomaticTrust(true));
        Await.done(two.setAutomaticTrust(true));
        Await.done(bobs.setAutomaticTrust(true));

        Await.done(one.decide(twoAddress, TrustLevel.VERIFIED));
        Await.done(one.decide(bobAddress, TrustLevel.VERIFIED));

        // device two has not verified device one: the trust message waits there, bob is not verified by it
        Await.until("device two keeps the trust message", () -> two.pendingTrustEntries() == 1);
        assertEquals(TrustLevel.TRUSTED_BLIND, level(two, bobAddress));
        // bob got alice's other verified key (device two's) from device one, and keeps it until he verifies one
        Await.until("bob keeps the trust message", () -> bobs.pendingTrustEntries() == 1);
        assertEquals(TrustLevel.TRUSTED_BLIND, level(bobs, twoAddress));

        Await.done(two.decide(oneAddress, TrustLevel.VERIFIED));
        Await.until("device two verified bob's device through device one",
                () -> level(two, bobAddress) == TrustLevel.VERIFIED);
        assertEquals(0, two.pendingTrustEntries());

        Await.done(bobs.decide(oneAddress, TrustLevel.VERIFIED));
        Await.until("bob verified alice's device two through device one",
                () -> level(bobs, twoAddress) == TrustLevel.VERIFIED);

        Await.done(one.decide(bobAddress, TrustLevel.DISTRUSTED));
        Await.until("device two distrusts bob's device too", () -> level(two, bobAddress) == TrustLevel.DISTRUSTED);

        // trust messages are never shown: nothing in alice's own chat or in bob's chat with alice
        assertTrue(aliceTwoDevice.recorded(MessageAdded.class).isEmpty(), aliceTwoDevice.recorded(MessageAdded.class).toString());
        assertTrue(bobDevice.recorded(MessageAdded.class).isEmpty(), bobDevice.recorded(MessageAdded.class).toString());
    }

    @Test
    void whatWaitsSurvivesARestart() {
        Await.done(one.setAutomaticTrust(true));
        Await.done(two.setAutomaticTrust(true));
        Await.done(one.decide(twoAddress, TrustLevel.VERIFIED));
        Await.done(one.decide(bobAddress, TrustLevel.VERIFIED));
        Await.until("device two keeps the trust message", () -> two.pendingTrustEntries() == 1);

        // device two's Sotto ends and starts again on the same store: the entry is still there, and applies once the
        // user verifies device one
        aliceTwoDevice.close();
        aliceTwoDevice = TestSotto.start(PROSODY.server());
        aliceTwo = aliceTwoDevice.sotto.accounts().add(aliceTwoDevice.record(aliceJid).withResource("two"), "alice-pw");
        two = aliceTwo.enableOmemo(twoStore, BOTH);
        online(aliceTwo);
        assertEquals(1, two.pendingTrustEntries());
        assertEquals(TrustLevel.TRUSTED_BLIND, level(two, bobAddress));
        Await.done(two.decide(oneAddress, TrustLevel.VERIFIED));
        Await.until("device two verified bob's device through device one after the restart",
                () -> level(two, bobAddress) == TrustLevel.VERIFIED);
        assertEquals(0, two.pendingTrustEntries());
        assertEquals(List.of(), twoStore.loadPendingTrust(), "applied entries leave the store");
    }

    @Test
    void withTheSettingOffNothingIsSent() {
        Await.done(two.setAutomaticTrust(true)); // device two would apply anything that came
        Await.done(two.decide(oneAddress, TrustLevel.VERIFIED));
        Await.done(one.decide(twoAddress, TrustLevel.VERIFIED));
        Await.done(one.decide(bobAddress, TrustLevel.VERIFIED));

        // a message from device one to bob after the decisions reaches device two (a carbon) after anything sent before
        Await.done(aliceOne.chats().send(bobJid, "after the decisions"));
        ChatMessage copy = aliceTwoDevice.await(MessageAdded.class,
                e -> e.message().body().equals("after the decisions")).message();
        assertEquals(Optional.of(one.ownDeviceId()), copy.senderDevice());
        assertEquals(0, two.pendingTrustEntries());
        assertEquals(TrustLevel.TRUSTED_BLIND, level(two, bobAddress));
        assertFalse(one.automaticTrust());
    }

    @Test
    void aTrustMessageFromAnOwnDeviceTheUserDistrustsInsteadIsNeverApplied() {
        Await.done(one.setAutomaticTrust(true));
        Await.done(two.setAutomaticTrust(true));
        Await.done(one.decide(twoAddress, TrustLevel.VERIFIED));
        Await.done(one.decide(bobAddress, TrustLevel.VERIFIED));
        Await.until("device two keeps it", () -> two.pendingTrustEntries() == 1);

        // device two distrusts device one instead: what device one said is dropped, bob stays as he was
        Await.done(two.decide(oneAddress, TrustLevel.DISTRUSTED));
        Await.done(two.devices(bobJid));
        assertEquals(0, two.pendingTrustEntries());
        assertEquals(TrustLevel.TRUSTED_BLIND, level(two, bobAddress));
    }

    @Test
    void aContactSpeaksOnlyForItsOwnKeys() throws Exception {
        Await.done(one.setAutomaticTrust(true));
        Await.done(one.decide(bobAddress, TrustLevel.VERIFIED));
        TrustRecord twoAtOne = one.trust().trust(twoAddress).orElseThrow();
        TrustRecord bobAtOne = one.trust().trust(bobAddress).orElseThrow();
        // as if bob's verified device sent it: about alice's device two (not his to say) and about his own device
        one.automaticTrustPart().received(bobAddress, bobAtOne.identity(), new TrustMessageElement(List.of(
                new Entry(aliceJid, IdentityKeys.curve25519ToEd25519(twoAtOne.identity().key(), false), false),
                new Entry(bobJid, IdentityKeys.curve25519ToEd25519(bobAtOne.identity().key(), true), false))));
        assertEquals(TrustLevel.TRUSTED_BLIND, level(one, twoAddress), "a contact cannot distrust alice's device");
        assertEquals(TrustLevel.DISTRUSTED, level(one, bobAddress), "but may distrust his own (either sign bit)");
        assertEquals(0, one.pendingTrustEntries());
    }

    private static TrustLevel level(OmemoService omemo, DeviceAddress device) {
        return omemo.trust().trust(device).map(TrustRecord::level).orElse(null);
    }

    private static void online(AccountSession session) {
        assertInstanceOf(ConnectionState.Online.class,
                session.connect().orTimeout(TestSotto.WAIT.toSeconds(), TimeUnit.SECONDS).join());
    }
}
