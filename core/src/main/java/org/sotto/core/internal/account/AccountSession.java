package org.sotto.core.internal.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.X509TrustManager;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.receipts.DeliveryReceiptManager;

import org.sotto.core.api.NotConnectedException;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.account.AccountRecord;
import org.sotto.core.api.account.AccountRemovedException;
import org.sotto.core.api.account.ConnectionState;
import org.sotto.core.api.chat.ChatKind;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.event.ConnectionStateChanged;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.internal.SottoOptions;
import org.sotto.core.internal.chat.ArchiveSync;
import org.sotto.core.internal.chat.ChatService;
import org.sotto.core.internal.chat.InboundIntake;
import org.sotto.core.internal.chat.OutboxSender;
import org.sotto.core.internal.chat.pipeline.CatchUpReceipts;
import org.sotto.core.internal.chat.pipeline.InboundPipeline;
import org.sotto.core.internal.chat.pipeline.InboundStages;
import org.sotto.core.internal.chat.pipeline.OutboundMessage;
import org.sotto.core.internal.chat.pipeline.OutboundPipeline;
import org.sotto.core.internal.chat.pipeline.OutboundStages;
import org.sotto.core.internal.chat.pipeline.PipelineContext;
import org.sotto.core.internal.connection.CertificateFingerprints;
import org.sotto.core.internal.connection.ConnectionSettings;
import org.sotto.core.internal.connection.ConnectionSupervisor;
import org.sotto.core.internal.connection.PinningTrustManager;
import org.sotto.core.internal.contacts.AvatarService;
import org.sotto.core.internal.contacts.ContactService;
import org.sotto.core.internal.contacts.OwnPresence;
import org.sotto.core.internal.event.EventBus;
import org.sotto.core.internal.files.FileService;
import org.sotto.core.internal.muc.GroupChatService;
import org.sotto.core.internal.omemo.OmemoOptions;
import org.sotto.core.internal.omemo.OmemoService;
import org.sotto.core.internal.omemo.RoomEncryption;
import org.sotto.core.internal.omemo.TrustService;
import org.sotto.core.internal.persistence.Persistence;
import org.sotto.core.internal.persistence.UnitOfWork;
import org.sotto.crypto.OmemoVersion;
import org.sotto.crypto.spi.OmemoStore;

/**
 * One account while Sotto runs: its connection and its services. All its work happens on one worker thread per
 * account, in order; the public methods return futures and never block on the network.
 */
public final class AccountSession implements AutoCloseable, Account {
    private static final Logger LOG = Logger.getLogger(AccountSession.class.getName());
    private final String jid;
    private final Persistence persistence;
    private final ExecutorService worker;
    private final ObservableValue<ConnectionState> state;
    private final ConnectionSupervisor supervisor;
    private final AtomicReference<InboundPipeline> inbound = new AtomicReference<>();
    private final AtomicReference<OutboundPipeline> outbound = new AtomicReference<>();
    private final ChatService chats;
    private final ContactService contacts;
    private final AvatarService avatars;
    private final GroupChatService groupChats;
    private final OutboxSender outboxSender;
    private final ArchiveSync archive;
    /** Stanzas received during a connection attempt, processed after its catch-up. Guarded by itself. */
    private final List<HeldStanza> held = new ArrayList<>();
    private final InboundIntake intake;
    private boolean holding;
    private volatile OmemoService omemo;
    private final FileService files;
    private final EventBus events;
    private final ScheduledExecutorService timer;
    private volatile ScheduledFuture<?> omemoMaintenance;

    /** Removed keeping its history: never connects, refuses to send. */
    private final boolean historyOnly;

    AccountSession(String jid, Persistence persistence, SottoOptions options, EventBus events, ScheduledExecutorService timer,
                   ExecutorService network) {
        this(jid, persistence, options, events, timer, network, false);
    }

    AccountSession(String jid, Persistence persistence, SottoOptions options, EventBus events, ScheduledExecutorService timer,
                   ExecutorService network, boolean historyOnly) {
        this.jid = jid;
        this.historyOnly = historyOnly;
        this.persistence = persistence;
        this.events = events;
        this.timer = timer;
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sotto-account-" + jid);
            thread.setDaemon(true);
            return thread;
        });
        this.state = new ObservableValue<>(new ConnectionState.Offline(), events::execute);
        state.subscribe(next -> events.publish(new ConnectionStateChanged(jid, next)));
        AtomicReference<GroupChatService> rooms = new AtomicReference<>();
        AtomicReference<ConnectionSupervisor> supervisorRef = new AtomicReference<>();
        PipelineContext context = new PipelineContext(jid, persistence.messages(), persistence.outbox(),
                persistence.archivePositions(), events,
                () -> supervisorRef.get().authenticated(),
                room -> rooms.get() == null ? Optional.empty() : rooms.get().ownNickname(room),
                new CatchUpReceipts(worker), persistence.files(),
                work -> UnitOfWork.run(persistence, () -> {
                    work.run();
                    return null;
                }));
        this.outboxSender = new OutboxSender(context, worker);
        this.archive = new ArchiveSync(context, inbound::get, options, persistence);
        this.intake = new InboundIntake(jid, persistence, inbound::get);
        this.supervisor = new ConnectionSupervisor(jid, () -> settings(options), options, worker, network, timer, state,
                new ConnectionSupervisor.Lifecycle() {
                    @Override
                    public void created(XMPPTCPConnection connection) {
                        install(connection);
                    }

                    @Override
                    public void online(XMPPTCPConnection connection, boolean resumed) throws Exception {
                        afterLogin(connection, resumed);
                    }

                    @Override
                    public void holdInbound() {
                        synchronized (held) {
                            holding = true;
                        }
                    }

                    @Override
                    public void releaseInbound() {
                        List<HeldStanza> waiting;
                        synchronized (held) {
                            waiting = new ArrayList<>(held);
                            held.clear();
                            holding = false;
                        }
                        waiting.forEach(stanza -> intake.processLive(stanza.message(), stanza.journalId()));
                    }
                });
        supervisorRef.set(supervisor);
        inbound.set(InboundStages.standard(context));
        outbound.set(OutboundStages.standard(context, outboxSender::flush));
        if (historyOnly) { // nothing is stored or queued: the account has no keys and never connects again
            outbound.updateAndGet(pipeline -> pipeline.replacing("encrypt", message -> {
                if (message.kind() == OutboundMessage.Kind.CHAT_STATE) {
                    return true; // goes out only on a connection, which there never is
                }
                throw new AccountRemovedException(jid);
            }));
        }
        this.chats = new ChatService(context, worker, outbound::get, archive, supervisor, persistence.readOnlyMessages(),
                network, persistence.drafts(), persistence.chatSettings(), persistence.roster(), persistence.avatars(),
                peer -> omemo().map(service -> service.encryptionState(peer).get()));
        OwnPresence ownPresence = new OwnPresence();
        this.contacts = new ContactService(jid, worker, supervisor, events, persistence.roster(), persistence.avatars(),
                ownPresence);
        this.avatars = new AvatarService(jid, worker, supervisor, events, persistence.avatars(), ownPresence);
        this.groupChats = new GroupChatService(context, worker, supervisor, inbound::get, outbound::get, ownPresence);
        rooms.set(groupChats);
        this.files = new FileService(new FileAccount(options), persistence.files(), events, worker);
    }

    /** What the file service may use of this session. */
    private final class FileAccount implements FileService.Account {
        private final SottoOptions options;

        FileAccount(SottoOptions options) {
            this.options = options;
        }

        @Override
        public String jid() {
            return jid;
        }

        @Override
        public Optional<XMPPTCPConnection> connection() {
            return supervisor.authenticated();
        }

        @Override
        public OutboundPipeline outbound() {
            return outbound.get();
        }

        @Override
        public boolean encrypts(String peer) {
            OmemoService service = omemo;
            return service != null && !service.isPlaintext(peer);
        }

        @Override
        public X509TrustManager trust() {
            return new PinningTrustManager(options.baseTrust(), record().pinnedCertificates());
        }

        @Override
        public Set<String> pinnedCertificates() {
            return record().pinnedCertificates();
        }

        @Override
        public boolean isRoom(String chat) {
            return groupChats.ownNickname(chat).isPresent();
        }

        @Override
        public boolean wasRoom(String chat) {
            return persistence.readOnlyMessages().history(jid, chat, Optional.empty(), 1).stream()
                    .anyMatch(m -> m.kind() == ChatKind.GROUPCHAT);
        }

        @Override
        public Optional<ChatMessage> message(String key) {
            return persistence.readOnlyMessages().find(jid, key);
        }
    }

    private ConnectionSettings settings(SottoOptions options) {
        AccountRecord record = persistence.accounts().find(jid)
                .orElseThrow(() -> new IllegalStateException("the account " + jid + " was removed"));
        String password = persistence.accounts().password(jid)
                .orElseThrow(() -> new IllegalStateException("no password stored for " + jid));
        ConnectionSettings settings = ConnectionSettings.of(jid, password)
                .withResource(record.resource())
                .withTrustManager(new PinningTrustManager(options.baseTrust(), record.pinnedCertificates()));
        if (record.host().isPresent()) {
            settings = settings.withServer(record.host().get(), record.port().orElse(5222));
        }
        return settings;
    }

    private void install(XMPPTCPConnection connection) {
        // receipts are answered by the pipeline after the message is stored, not by Smack on arrival
        DeliveryReceiptManager.getInstanceFor(connection).setAutoReceiptMode(DeliveryReceiptManager.AutoReceiptMode.disabled);
        // XEP-0198: Smack's reader waits for this listener before it counts the stanza as handled (see InboundIntake)
        connection.addStanzaListener(intake.journalListener(), StanzaTypeFilter.MESSAGE);
        connection.addSyncStanzaListener(stanza -> {
            Message message = (Message) stanza;
            Optional<InboundIntake.Journaled> journalId = intake.take(message);
            synchronized (held) {
                if (holding) {
                    held.add(new HeldStanza(message, journalId));
                    return;
                }
            }
            worker.execute(() -> intake.processLive(message, journalId));
        }, StanzaTypeFilter.MESSAGE);
        outboxSender.connectionCreated(connection);
        contacts.install(connection);
        avatars.install(connection);
        groupChats.install(connection);
        if (omemo != null) {
            omemo.install(connection);
        }
    }

    private void afterLogin(XMPPTCPConnection connection, boolean resumed) throws Exception {
        intake.replayLeftovers(); // stanzas journaled but not stored before a crash (or a failed store): first
        if (!resumed) {
            CarbonManager carbons = CarbonManager.getInstanceFor(connection);
            if (carbons.isSupportedByServer()) {
                carbons.setCarbonsEnabled(true);
            }
            if (omemo != null) {
                try {
                    omemo.publishOwnDevice(connection); // before the catch-up, whose messages may start sessions
                } catch (Exception e) {
                    Logger.getLogger(AccountSession.class.getName()).log(Level.WARNING,
                            "could not publish this OMEMO device for " + jid, e);
                }
            }
            archive.catchUp(connection);
            groupChats.rejoin(connection);
        }
        outboxSender.flush();
    }

    /** A live stanza held back during a connection attempt, with its inbound journal entry if written. */
    private record HeldStanza(Message message, Optional<InboundIntake.Journaled> journalId) {
    }

    public String jid() {
        return jid;
    }

    public AccountRecord record() {
        return persistence.accounts().find(jid).orElseThrow();
    }

    /** The connection state; subscribe to follow it (listeners run on Sotto's event thread). */
    public ObservableValue<ConnectionState> state() {
        return state;
    }

    /**
     * Connects (and keeps reconnecting); completes with the first outcome: Online, Reconnecting or Failed. An account
     * kept for its history only fails with {@link AccountRemovedException}.
     */
    public CompletableFuture<ConnectionState> connect() {
        if (historyOnly) {
            return CompletableFuture.failedFuture(new AccountRemovedException(jid));
        }
        return supervisor.connect();
    }

    /** The connection while the account is online and authenticated. */
    public Optional<XMPPTCPConnection> authenticatedConnection() {
        return supervisor.authenticated();
    }

    @Override
    public boolean historyOnly() {
        return historyOnly;
    }

    /**
     * The stored settings (password, server, pins) changed: the next attempt uses them (see
     * {@link ConnectionSupervisor#settingsChanged()}); an enabled account whose connection failed tries again now.
     */
    CompletableFuture<Void> settingsChanged() {
        return CompletableFuture.runAsync(supervisor::settingsChanged, worker).thenRun(() -> {
            if (record().enabled() && state.get() instanceof ConnectionState.Failed) {
                connect();
            }
        });
    }

    public CompletableFuture<Void> disconnect() {
        return supervisor.disconnect();
    }

    /** XEP-0352: false when the window is hidden, true when the user looks again. */
    public CompletableFuture<Void> setActive(boolean active) {
        return supervisor.setActive(active);
    }

    /**
     * Accepts the server certificate with this SHA-256 fingerprint for this account from now on (as reported in
     * {@link org.sotto.core.api.account.Failure#certificateSha256()}), and connects again.
     */
    public CompletableFuture<ConnectionState> pinCertificate(String sha256) {
        String normalized = CertificateFingerprints.normalize(sha256);
        return CompletableFuture.runAsync(() -> {
            persistence.accounts().save(record().withPinnedCertificate(normalized));
            supervisor.rebuildOnWorker();
        }, worker).thenCompose(ignored -> connect());
    }

    public ChatService chats() {
        return chats;
    }

    /** Encrypted file sharing (XEP-0363 + XEP-0454): send, download, export. */
    @Override
    public FileService files() {
        return files;
    }

    public ContactService contacts() {
        return contacts;
    }

    @Override
    public AvatarService avatars() {
        return avatars;
    }

    @Override
    public GroupChatService rooms() {
        return groupChats;
    }

    public GroupChatService groupChats() {
        return groupChats;
    }

    /**
     * Fetches what the account's archive holds after the last stored position now (it also runs by itself after
     * every login that did not resume the stream). Completes with the number of archive results processed.
     */
    public CompletableFuture<Integer> catchUp() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return archive.catchUp(supervisor.authenticated()
                        .orElseThrow(() -> new NotConnectedException(jid, "catching up")));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, worker);
    }

    /**
     * Turns OMEMO on for this account (call before {@link #connect()}): this device's identity comes from the
     * store, it is published after each login, 1:1 messages are encrypted and received ones decrypted.
     */
    public synchronized OmemoService enableOmemo(OmemoStore store,
                                                                       Set<OmemoVersion> versions) {
        return enableOmemo(store, versions, OmemoOptions.defaults());
    }

    /**
     * As {@link #enableOmemo(org.sotto.crypto.spi.OmemoStore, java.util.Set)} with options (a clock for tests). The
     * device lists are cached through {@link Persistence#omemoDeviceLists()}; what the user sends while offline is
     * queued and encrypted when it goes out; prekeys are maintained at every login and on a schedule.
     */
    public synchronized OmemoService enableOmemo(OmemoStore store,
                                                                       Set<OmemoVersion> versions,
                                                                       OmemoOptions options) {
        if (omemo != null) {
            throw new IllegalStateException("OMEMO is already enabled for " + jid);
        }
        OmemoService service = new OmemoService(jid, store, versions,
                supervisor::authenticated, worker, persistence.encryptionChoices(), persistence.omemoDeviceLists(),
                options, events);
        customizeInbound(pipeline -> pipeline.replacing("decrypt", service.decryptStage()));
        customizeOutbound(pipeline -> pipeline.replacing("encrypt", service.encryptStage()));
        outboxSender.setPreparer(service.outboxPreparer());
        service.onRetry(outboxSender::flush);
        omemoMaintenance = service.scheduleMaintenance(timer);
        omemo = service;
        // group chats: room messages are RoomEncryption's, which hands every other message on to the stages above
        RoomEncryption rooms = new RoomEncryption(jid, service,
                groupChats.members(), supervisor::authenticated);
        customizeInbound(pipeline -> pipeline.wrapping("decrypt", rooms::decryptStage));
        customizeOutbound(pipeline -> pipeline.wrapping("encrypt", rooms::encryptStage));
        outboxSender.setPreparer(rooms.outboxPreparer(service.outboxPreparer())); // room messages queued offline too
        groupChats.useEncryption(rooms::state);
        return service;
    }

    /** The API's view of OMEMO trust; OMEMO must be on (it is for every account of a profile). */
    @Override
    public TrustService trust() {
        if (historyOnly) {
            throw new AccountRemovedException(jid);
        }
        return new TrustService(jid, omemo().orElseThrow(
                () -> new IllegalStateException("OMEMO is not enabled for " + jid)), persistence.readOnlyMessages());
    }

    /** The OMEMO service, once {@link #enableOmemo} was called. */
    public Optional<OmemoService> omemo() {
        return Optional.ofNullable(omemo);
    }

    /** Lets a feature (OMEMO) replace stages of the inbound pipeline, e.g. the one named "decrypt". */
    public void customizeInbound(UnaryOperator<InboundPipeline> change) {
        inbound.updateAndGet(change);
    }

    /** Lets a feature (OMEMO) replace stages of the outbound pipeline, e.g. the one named "encrypt". */
    public void customizeOutbound(UnaryOperator<OutboundPipeline> change) {
        outbound.updateAndGet(change);
    }

    /** Runs a task on this account's worker after everything queued before it. */
    @Override
    public CompletableFuture<Void> drain() {
        return CompletableFuture.runAsync(() -> { }, worker);
    }

    @Override
    public void close() {
        files.close();
        if (omemoMaintenance != null) {
            omemoMaintenance.cancel(false);
        }
        supervisor.disconnect().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        worker.shutdown();
        try {
            // what is queued still runs (e.g. an acknowledged send being recorded), but before close returns: the
            // caller closes the store next
            boolean onWorker = Thread.currentThread().getName().equals("sotto-account-" + jid);
            if (!onWorker && !worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning(() -> "the worker of " + jid() + " did not finish within 10 s of closing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
