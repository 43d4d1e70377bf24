package org.sotto.cli.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.sotto.cli.Arguments;
import org.sotto.cli.JsonEvents;
import org.sotto.cli.UsageException;
import org.sotto.core.api.file.Attachment;
import org.sotto.core.api.file.FileException;
import org.sotto.core.api.file.FileTransfer;

/**
 * {@code file-send JID PATH...}: each file encrypted, uploaded and sent in its own end-to-end encrypted message
 * (XEP-0363 + XEP-0454), in order; a {@code file-sent} line per file, or an error line with the transfer's reason.
 */
final class FileSendCommand implements Command {
    @Override
    public void checkUsage(List<String> args) {
        Arguments.requireArguments(args, 2, "file-send JID PATH...");
        Arguments.requireJid(args.get(0), "not an address (user@server): ");
        for (String file : args.subList(1, args.size())) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new UsageException("not a readable file: " + file);
            }
        }
    }

    @Override
    public int run(CommandContext context) {
        String chat = context.args().get(0);
        List<Path> paths = context.args().subList(1, context.args().size()).stream().map(Path::of).toList();
        int code = 0;
        for (FileTransfer transfer : context.account().files().send(chat, paths)) {
            try {
                Attachment sent = transfer.result().join();
                Map<String, Object> json = JsonEvents.attachment("file-sent", chat, sent);
                context.out().print(json);
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof FileException failed)) {
                    throw e;
                }
                context.out().print(JsonEvents.fileFailure(transfer.name(), failed));
                code = 1;
            }
        }
        return code;
    }
}
