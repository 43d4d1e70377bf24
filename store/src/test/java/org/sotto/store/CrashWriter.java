package org.sotto.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

import org.sotto.crypto.OmemoVersion;
import org.sotto.store.omemo.PreKey;

/**
 * Child process of {@link CrashDurabilityTest}: performs writes {@code from..to-1} (sessions, messages, prekeys,
 * and "ratchet state + outgoing message" units of work) and prints {@code committed N} after each commit.
 */
public final class CrashWriter {
    static final String PEER = "peer@example.org";

    private CrashWriter() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int from = Integer.parseInt(args[1]);
        int to = Integer.parseInt(args[2]);
        try (Profile profile = TestProfiles.unlock(dir)) {
            Database db = profile.database();
            long account = db.accounts().find("crash@example.org").orElseThrow().id();
            long chat = db.conversations().find(account, PEER).orElseThrow().id();
            System.out.println("ready");
            System.out.flush();
            for (int i = from; i < to; i++) {
                write(db, account, chat, i);
                System.out.println("committed " + i);
                System.out.flush();
            }
        }
    }

    static byte[] record(int i) {
        byte[] record = new byte[200 + i % 300];
        for (int k = 0; k < record.length; k++) {
            record[k] = (byte) (i * 31 + k);
        }
        return record;
    }

    static PreKey preKey(int i) {
        return new PreKey(i, Arrays.copyOf(record(i), 32), Arrays.copyOfRange(record(i), 32, 64));
    }

    static Message message(long chat, int i) {
        return Message.builder(chat, Direction.OUTGOING, "crash@example.org", Instant.ofEpochMilli(1_000_000L + i))
                .originId("o-" + i).body("message number " + i).encryption(MessageEncryption.E2EE_TRUSTED).build();
    }

    private static void write(Database db, long account, long chat, int i) {
        switch (i % 4) {
            case 0 -> db.omemo().sessions().put(account, PEER, i, OmemoVersion.V2, record(i));
            case 1 -> db.messages().insert(message(chat, i));
            case 2 -> db.omemo().preKeys().put(account, OmemoVersion.V2, preKey(i));
            default -> db.transaction(() -> {
                db.omemo().sessions().put(account, PEER, i, OmemoVersion.V0_3, record(i));
                db.messages().insert(message(chat, i));
                db.omemo().preKeys().remove(account, OmemoVersion.V2, i - 1);
            });
        }
    }
}
