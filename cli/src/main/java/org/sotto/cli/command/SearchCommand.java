package org.sotto.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.sotto.cli.Arguments;
import org.sotto.cli.JsonEvents;
import org.sotto.cli.UsageException;
import org.sotto.core.api.chat.ChatMessage;

/**
 * {@code search TEXT... [--chat JID] [--limit N]}: the profile's messages that contain every word (the last also
 * as a prefix), in one chat or all, newest first, as {@code history} prints them.
 */
final class SearchCommand implements Command {
    private static final String USAGE = "search TEXT... [--chat JID] [--limit N]";
    static final int DEFAULT_LIMIT = 50;

    /** The words, the chat and the limit. */
    private record Query(String text, Optional<String> chat, int limit) {
    }

    private static Query parse(List<String> args) {
        List<String> words = new ArrayList<>();
        Optional<String> chat = Optional.empty();
        int limit = DEFAULT_LIMIT;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--chat") || arg.equals("--limit")) {
                if (i + 1 == args.size()) {
                    throw new UsageException(arg + " needs a value; usage: " + USAGE);
                }
                String value = args.get(++i);
                if (arg.equals("--chat")) {
                    chat = Optional.of(Arguments.requireJid(value, "not an address (user@server): "));
                } else {
                    limit = Arguments.parseCount(value);
                }
            } else {
                words.add(arg);
            }
        }
        String text = String.join(" ", words).strip();
        if (text.isEmpty()) {
            throw new UsageException("usage: " + USAGE);
        }
        return new Query(text, chat, limit);
    }

    @Override
    public void checkUsage(List<String> args) {
        parse(args);
    }

    @Override
    public boolean readsOffline(List<String> args) {
        return true;
    }

    @Override
    public int run(CommandContext context) {
        Query query = parse(context.args());
        context.account().drain().join(); // what the login's catch-up stored is searched too
        for (ChatMessage hit : context.account().chats().search(query.chat(), query.text(), query.limit()).join()) {
            context.out().print(JsonEvents.message("message", hit));
        }
        return 0;
    }
}
