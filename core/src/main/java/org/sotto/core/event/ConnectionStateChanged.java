package org.sotto.core.event;

import org.sotto.core.connection.ConnectionState;

public record ConnectionStateChanged(String account, ConnectionState state) implements SottoEvent {
}
