package org.sotto.core.internal.chat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.StanzaListener;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.mam.element.MamElements.MamResultExtension;

import org.sotto.core.internal.chat.pipeline.InboundMessage;
import org.sotto.core.internal.chat.pipeline.InboundPipeline;
import org.sotto.core.internal.persistence.InboundJournal.JournalEntry;
import org.sotto.core.internal.persistence.Persistence;
import org.sotto.core.internal.persistence.UnitOfWork;
import org.sotto.core.internal.xmpp.MessageBodies;
import org.sotto.core.internal.xmpp.XmlText;

/**
 * Received message stanzas on their way into the log, so that XEP-0198 acknowledges only what is on disk.
 *
 * <p>Smack 4.4.8's reader thread waits for every listener added with {@code addStanzaListener} before it counts the
 * stanza as handled ({@code AbstractXMPPConnection.invokeStanzaCollectorsAndNotifyRecvListeners} waits on a
 * semaphore; {@code XMPPTCPConnection.PacketReader.parsePackets} increments {@code clientHandledStanzasCount} only
 * after that returns). {@link #journalListener()} is such a listener: it writes the stanza to the inbound journal in
 * one durable commit, and nothing else (no network I/O: the reader is blocked meanwhile). The ordered listener then
 * hands the stanza to the account worker, which runs the inbound pipeline in one unit of work that also deletes the
 * journal entry. Entries left over by a crash are replayed through the pipeline at the next login, before anything
 * live (the pipeline de-duplicates, so a replay is harmless). Archive results are not journaled: the archive
 * position moves only after they are stored, so the next catch-up fetches them again.
 */
public final class InboundIntake {
    /**
     * The largest stanza written to the journal (its XML, in characters). A larger one (only a server configured far
     * above the usual 256 KiB limit passes it on) is processed without the journal: a crash before it is stored loses
     * it, and the next archive catch-up brings it back where the server archives it.
     */
    public static final int MAX_JOURNALED_CHARS = 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(InboundIntake.class.getName());
    private final String account;
    private final Persistence persistence;
    private final Supplier<InboundPipeline> pipeline;
    /** Journal entries of stanzas the listener wrote, until the ordered listener takes them. */
    private final Map<Stanza, Journaled> journaled = Collections.synchronizedMap(new IdentityHashMap<>());
    /** Journal entries of this run not processed yet: they are not leftovers. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

    public InboundIntake(String account, Persistence persistence, Supplier<InboundPipeline> pipeline) {
        this.account = account;
        this.persistence = persistence;
        this.pipeline = pipeline;
    }

    /** For {@code connection.addStanzaListener(listener, MESSAGE)}: journals the stanza on the reader's wait. */
    public StanzaListener journalListener() {
        return stanza -> {
            if (!(stanza instanceof Message message) || !worthJournaling(message)) {
                return;
            }
            // to the millisecond, as the journal keeps it: live and replayed stanzas get comparable stamps
            Instant arrived = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            String xml = XmlText.of(message);
            if (xml.length() > MAX_JOURNALED_CHARS) {
                LOG.info(() -> account + ": a stanza of " + xml.length() + " characters from " + message.getFrom()
                        + " is not journaled");
                return;
            }
            long id = persistence.inboundJournal().append(account, xml, arrived);
            if (id >= 0) {
                inFlight.add(id);
                journaled.put(message, new Journaled(id, arrived));
            }
        };
    }

    /** The journal entry the listener wrote for this stanza, if any; to call once, from the ordered listener. */
    public Optional<Journaled> take(Message message) {
        return Optional.ofNullable(journaled.remove(message));
    }

    /** A stanza's journal entry and when it arrived (its stamp when it carries none). */
    public record Journaled(long id, Instant arrived) {
    }

    /**
     * Runs a live stanza through the pipeline in one unit of work: stored message, archive position and deletion of
     * its journal entry commit together, then receipts and events go out. If storing fails, everything rolls back
     * and the entry stays for the replay at the next login. Worker thread.
     */
    public void processLive(Message message, Optional<Journaled> journal) {
        InboundMessage m = InboundMessage.live(message);
        journal.ifPresent(j -> m.withJournalId(j.id()).withReceivedAt(j.arrived()));
        process(m);
    }

    /** Replays the journal entries a previous run left behind (oldest first), before live stanzas. Worker thread. */
    public int replayLeftovers() {
        List<JournalEntry> leftovers = persistence.inboundJournal().pending(account).stream()
                .filter(entry -> !inFlight.contains(entry.id())).toList();
        for (JournalEntry entry : leftovers) {
            Message message;
            try {
                message = PacketParserUtils.parseStanza(entry.stanzaXml());
            } catch (Exception e) {
                LOG.log(Level.WARNING, "a journaled stanza of " + account + " cannot be parsed; dropping " + entry, e);
                persistence.inboundJournal().remove(account, entry.id());
                continue;
            }
            process(InboundMessage.live(message).withJournalId(entry.id()).withReceivedAt(entry.receivedAt()));
        }
        if (!leftovers.isEmpty()) {
            LOG.info(() -> account + ": replayed " + leftovers.size() + " journaled stanza(s) left over from before");
        }
        return leftovers.size();
    }

    private void process(InboundMessage m) {
        long journalId = m.journalId();
        try {
            UnitOfWork.run(persistence, () -> {
                pipeline.get().run(m);
                if (m.storeFailed()) {
                    throw new InboundStoreException(m + " could not be stored");
                }
                if (journalId >= 0) {
                    persistence.inboundJournal().remove(account, journalId);
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, account + ": " + m + " was not stored"
                    + (journalId >= 0 ? "; it stays in the inbound journal for the next login" : ""), e);
        } finally {
            if (journalId >= 0) {
                inFlight.remove(journalId);
            }
        }
    }

    /** Archive results are refetched; a bare chat state is not worth a disk write. */
    static boolean worthJournaling(Message message) {
        if (MamResultExtension.from(message) != null) {
            return false;
        }
        if (MessageBodies.present(message) || message.getType() == Message.Type.error) {
            return true;
        }
        List<ExtensionElement> extensions = message.getExtensions();
        return extensions.isEmpty() ? false
                : !extensions.stream().allMatch(e -> ChatStateExtension.NAMESPACE.equals(e.getNamespace()));
    }

    /** The store stage failed: the unit of work rolls back. */
    public static final class InboundStoreException extends RuntimeException {
        public InboundStoreException(String message) {
            super(message);
        }
    }
}
