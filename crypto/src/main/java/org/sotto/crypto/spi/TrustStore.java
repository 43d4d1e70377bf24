package org.sotto.crypto.spi;

import java.util.List;
import java.util.Optional;

import org.sotto.crypto.DeviceAddress;
import org.sotto.crypto.PendingTrustEntry;
import org.sotto.crypto.TrustRecord;

/** Trust decisions per device; version-neutral, since a device has one identity in both versions. */
public interface TrustStore {
    Optional<TrustRecord> loadTrust(DeviceAddress device);

    List<TrustRecord> loadTrust(String bareJid);

    void storeTrust(TrustRecord record);

    /** The JIDs (contacts or the own one) with at least one VERIFIED device. */
    List<String> jidsWithVerifiedDevices();

    void removeTrust(DeviceAddress device);

    /** The user's choice whether new devices of {@code bareJid} are trusted blindly; empty when none was made. */
    Optional<Boolean> loadBlindTrust(String bareJid);

    void storeBlindTrust(String bareJid, boolean blind);

    /** Whether new devices of contacts without a choice are trusted blindly (until one of theirs is verified). */
    boolean loadDefaultBlindTrust();

    void storeDefaultBlindTrust(boolean blind);

    /** Whether this account takes part in XEP-0450 automatic trust management; off unless the user turns it on. */
    boolean loadAutomaticTrust();

    void storeAutomaticTrust(boolean automatic);

    /** The received XEP-0450 entries that wait, oldest first. */
    List<PendingTrustEntry> loadPendingTrust();

    /** Keeps the entries (in one transaction), each replacing one of the same sender about the same owner and key. */
    void storePendingTrust(List<PendingTrustEntry> entries);

    /** Forgets the entries (matched by sender, owner and key) in one transaction; those not waiting are skipped. */
    void removePendingTrust(List<PendingTrustEntry> entries);
}
