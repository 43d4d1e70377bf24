package org.sotto.core.api.event;

/** A group chat's subject (topic) changed or was announced on joining. */
public record SubjectChanged(String account, String room, String subject) implements SottoEvent {
}
