package org.sotto.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;

import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Encryption;
import org.sotto.core.internal.Sotto;
import org.sotto.core.internal.SottoOptions;
import org.sotto.core.internal.account.AccountSession;
import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.Connections;
import org.sotto.core.internal.omemo.OmemoPepManager;
import org.sotto.core.internal.omemo.OmemoService;
import org.sotto.core.internal.omemo.element.DeviceListElement;
import org.sotto.core.internal.persistence.Persistence;
import org.sotto.crypto.OwnDevices;
import org.sotto.crypto.omemo2.Omemo2Protocol;
import org.sotto.crypto.spi.memory.InMemoryOmemoStore;
import org.sotto.testkit.ProsodyServer;

/** Shared setup of the Core* benchmarks: Sotto instances that trust the throwaway server's certificate. */
final class CoreBenchmarks {
    private CoreBenchmarks() {
    }

    static SottoOptions options(ProsodyServer server) {
        return SottoOptions.defaults().withBaseTrust(server.certificate().trustManager())
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    static Sotto sotto(ProsodyServer server, Persistence persistence) {
        return Sotto.start(persistence, options(server));
    }

    static AccountSession online(Sotto sotto, ProsodyServer server, String jid, String password) {
        AccountSession session = sotto.accounts().add(AccountRecord.of(jid).withServer(server.host(), server.c2sPort()), password);
        ConnectionState state = session.connect().orTimeout(60, TimeUnit.SECONDS).join();
        if (!(state instanceof ConnectionState.Online)) {
            throw new IllegalStateException(jid + " did not come online: " + state);
        }
        return session;
    }

    /**
     * Registers {@code user} and publishes {@code devices} OMEMO 2 devices for it (bundles and device list) through a
     * plain connection that is closed again: a contact Sotto has never written to. Returns the JID.
     */
    static String contactWithOmemo2Devices(ProsodyServer server, String user, int devices) throws Exception {
        String jid = server.register(user, "pw");
        XMPPTCPConnection connection = Connections.create(ConnectionSettings.of(jid, "pw").withResource("setup")
                .withServer(server.host(), server.c2sPort()).withTrustManager(server.certificate().trustManager()));
        connection.connect().login();
        try {
            OmemoPepManager pep = OmemoPepManager.getInstanceFor(connection);
            List<DeviceListElement.Device> ids = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                InMemoryOmemoStore store = new InMemoryOmemoStore();
                Omemo2Protocol device = new Omemo2Protocol(jid, OwnDevices.loadOrCreate(store, List.of()), store);
                pep.publishBundle(device.ownDevice().deviceId(), OmemoService.toElement(device.ownBundle()));
                ids.add(DeviceListElement.Device.of(device.ownDevice().deviceId()));
            }
            pep.publishDeviceList(DeviceListElement.v2(ids));
        } finally {
            connection.disconnect();
        }
        return jid;
    }

    /** Sends {@code body} to {@code to} and fails unless it went out end-to-end encrypted (all devices trusted blindly). */
    static ChatMessage sendEncrypted(AccountSession from, String to, String body) {
        ChatMessage sent = from.chats().send(to, body).orTimeout(30, TimeUnit.SECONDS).join();
        if (sent.encryption() != Encryption.E2EE_TRUSTED) {
            throw new IllegalStateException("not encrypted: " + sent.encryption());
        }
        return sent;
    }
}
