package org.sotto.core.api.account;

import java.util.concurrent.CompletableFuture;

import org.sotto.core.api.chat.Chats;
import org.sotto.core.api.contacts.Avatars;
import org.sotto.core.api.contacts.Contacts;
import org.sotto.core.api.event.ObservableValue;
import org.sotto.core.api.file.Files;
import org.sotto.core.api.room.Rooms;
import org.sotto.core.api.trust.Trust;

/** One account of the profile: its connection and what it offers. */
public interface Account {
    /** The account's bare JID. */
    String jid();

    AccountRecord record();

    /**
     * The account was removed keeping its history ({@link Accounts#remove(String, boolean)}): its chats can be read;
     * connecting and sending fail with {@link AccountRemovedException}.
     */
    boolean historyOnly();

    /** The connection state; subscribe to follow it. */
    ObservableValue<ConnectionState> state();

    /** Connects (or completes with the state of the attempt already running). */
    CompletableFuture<ConnectionState> connect();

    CompletableFuture<Void> disconnect();

    /** XEP-0352: whether the user is looking at Sotto (the server may hold back what is not urgent otherwise). */
    CompletableFuture<Void> setActive(boolean active);

    /** Accepts the server certificate with this SHA-256 fingerprint for the account, then connects again. */
    CompletableFuture<ConnectionState> pinCertificate(String sha256);

    /**
     * Completes once the work queued for the account before this call is done — a login's catch-up, received
     * messages being stored, sends being recorded — so what a read returns afterwards includes it.
     */
    CompletableFuture<Void> drain();

    Chats chats();

    Contacts contacts();

    /** Its OMEMO devices and the user's trust decisions (OMEMO is on for every account of a profile). */
    Trust trust();

    /** Its group chats (XEP-0045); their messages go through {@link #chats()} with the room as the peer. */
    Rooms rooms();

    /** Encrypted file sharing in its chats and rooms. */
    Files files();

    /** Pictures of its contacts (from the profile's cache) and its own. */
    Avatars avatars();
}
