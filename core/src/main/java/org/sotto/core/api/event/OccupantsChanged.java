package org.sotto.core.api.event;

import java.util.List;

/** Who is in a group chat now (nicknames). */
public record OccupantsChanged(String account, String room, List<String> nicknames) implements SottoEvent {
}
