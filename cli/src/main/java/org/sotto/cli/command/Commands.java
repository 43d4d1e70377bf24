package org.sotto.cli.command;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.Map;

import org.sotto.core.api.trust.TrustDecision;

/** The commands by name; each run gets a new instance. */
public final class Commands {
    private static final Map<String, Supplier<Command>> COMMANDS = Map.ofEntries(
            Map.entry("contacts", ContactsCommand::new),
            Map.entry("chats", ChatsCommand::new),
            Map.entry("history", HistoryCommand::new),
            Map.entry("search", SearchCommand::new),
            Map.entry("send", SendCommand::new),
            Map.entry("plaintext", PlaintextCommand::new),
            Map.entry("devices", DevicesCommand::new),
            Map.entry("remove-device", RemoveDeviceCommand::new),
            Map.entry("trust", () -> new DecideCommand("trust", TrustDecision.TRUSTED_BLIND)),
            Map.entry("distrust", () -> new DecideCommand("distrust", TrustDecision.DISTRUSTED)),
            Map.entry("verify", VerifyCommand::new),
            Map.entry("follow", FollowCommand::new),
            Map.entry("room-join", RoomJoinCommand::new),
            Map.entry("room-create", RoomCreateCommand::new),
            Map.entry("room-send", RoomSendCommand::new),
            Map.entry("room-history", RoomHistoryCommand::new),
            Map.entry("room-members", RoomMembersCommand::new),
            Map.entry("file-send", FileSendCommand::new),
            Map.entry("files", FilesCommand::new),
            Map.entry("file-download", FileDownloadCommand::new));

    private Commands() {
    }

    public static Optional<Command> create(String name) {
        return Optional.ofNullable(COMMANDS.get(name)).map(Supplier::get);
    }
}
