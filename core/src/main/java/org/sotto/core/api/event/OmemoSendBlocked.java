package org.sotto.core.api.event;

import java.util.List;
import java.util.Optional;

import org.sotto.core.api.chat.SendException;
import org.sotto.core.api.trust.Device;

/**
 * A message to {@code peer} could not be encrypted and was not sent: for {@link SendException.Reason#TRUST_DECISION_NEEDED}
 * the window asks the user about {@code devices} (trust or distrust, through {@code Trust.decide}); a message that
 * was queued while offline ({@code messageKey} present) stays queued and goes out after the decision. For other
 * reasons a queued message is marked FAILED.
 */
public record OmemoSendBlocked(String account, String peer, SendException.Reason reason, List<Device> devices,
                               String explanation, Optional<String> messageKey) implements SottoEvent {
    public OmemoSendBlocked {
        devices = List.copyOf(devices);
    }
}
