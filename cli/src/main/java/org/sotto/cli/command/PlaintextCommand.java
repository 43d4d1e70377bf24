package org.sotto.cli.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sotto.cli.Arguments;
import org.sotto.cli.UsageException;

/** {@code plaintext JID on|off}: the user's choice to write JID without end-to-end encryption, or back to OMEMO. */
final class PlaintextCommand implements Command {
    @Override
    public void checkUsage(List<String> args) {
        if (args.size() != 2 || !List.of("on", "off").contains(args.get(1))) {
            throw new UsageException("usage: plaintext JID on|off");
        }
        Arguments.requireJid(args.get(0), "not an address (user@server): ");
    }

    @Override
    public int run(CommandContext context) {
        String peer = context.args().get(0);
        boolean plaintext = context.args().get(1).equals("on");
        context.account().trust().setPlaintext(peer, plaintext); // kept in the profile
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "encryption");
        json.put("jid", peer);
        json.put("preference", plaintext ? "plaintext" : "omemo");
        context.out().print(json);
        return 0;
    }
}
