package org.sotto.core.api.event;

/** MAM catch-up of {@code archive}: {@code fetched} archive results processed so far; {@code done} at the end. */
public record CatchUpProgress(String account, String archive, int fetched, boolean done) implements SottoEvent {
}
