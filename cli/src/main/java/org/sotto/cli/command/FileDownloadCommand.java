package org.sotto.cli.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import org.sotto.cli.JsonEvents;
import org.sotto.cli.UsageException;
import org.sotto.core.api.file.Attachment;
import org.sotto.core.api.file.FileException;
import org.sotto.core.api.file.FileTransfer;
import org.sotto.core.api.file.Files;

/**
 * {@code file-download MESSAGEKEY [--to PATH]}: downloads a received file (unless it is here already) and writes its
 * plaintext to PATH (default: its name in the current directory); the profile keeps its encrypted copy.
 */
final class FileDownloadCommand implements Command {
    private record Parsed(String messageKey, Optional<Path> target) {
    }

    private static Parsed parse(List<String> args) {
        List<String> rest = new ArrayList<>();
        Optional<String> to = RoomCommands.option(args, "--to", rest);
        if (rest.size() != 1) {
            throw new UsageException("usage: file-download MESSAGEKEY [--to PATH]");
        }
        return new Parsed(rest.get(0), to.map(Path::of));
    }

    @Override
    public void checkUsage(List<String> args) {
        parse(args);
    }

    @Override
    public int run(CommandContext context) {
        Parsed parsed = parse(context.args());
        Files files = context.account().files();
        try {
            Attachment known = files.attachment(parsed.messageKey()).join().orElseThrow(() ->
                    new CompletionException(new FileException(FileException.Reason.NO_FILE,
                            "message " + parsed.messageKey() + " carries no file")));
            if (!known.downloaded()) {
                FileTransfer transfer = files.download(parsed.messageKey());
                known = transfer.result().join();
            }
            Path target = parsed.target().orElseGet(() -> Path.of(files.attachment(parsed.messageKey()).join()
                    .map(Attachment::name).orElse(parsed.messageKey())).getFileName());
            Path written = files.export(parsed.messageKey(), target).join();
            Map<String, Object> json = JsonEvents.attachment("file-downloaded", null, known);
            json.remove("peer");
            json.put("path", written.toString());
            context.out().print(json);
            return 0;
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof FileException failed)) {
                throw e;
            }
            context.out().print(JsonEvents.fileFailure(parsed.messageKey(), failed));
            return 1;
        }
    }
}
