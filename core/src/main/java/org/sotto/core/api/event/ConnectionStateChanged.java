package org.sotto.core.api.event;

import org.sotto.core.api.account.ConnectionState;

public record ConnectionStateChanged(String account, ConnectionState state) implements SottoEvent {
}
