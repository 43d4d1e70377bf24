package org.sotto.core.api.event;

import java.util.List;
import java.util.Optional;

import org.sotto.core.omemo.OmemoSendException;
import org.sotto.crypto.DeviceAddress;

/**
 * A message to {@code peer} could not be encrypted and was not sent: for {@link OmemoSendException.Reason#UNDECIDED_DEVICES}
 * the GUI asks the user about {@code devices} (trust or distrust, through {@code OmemoService.decide}); a message that
 * was queued while offline ({@code messageKey} present) stays queued and goes out after the decision. For other
 * reasons a queued message is marked FAILED.
 */
public record OmemoSendBlocked(String account, String peer, OmemoSendException.Reason reason, List<DeviceAddress> devices,
                               String explanation, Optional<String> messageKey) implements SottoEvent {
    public OmemoSendBlocked {
        devices = List.copyOf(devices);
    }
}
