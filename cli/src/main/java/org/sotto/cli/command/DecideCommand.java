package org.sotto.cli.command;

import java.util.List;

import org.sotto.cli.Arguments;
import org.sotto.cli.JsonEvents;
import org.sotto.cli.UsageException;
import org.sotto.core.api.trust.Device;
import org.sotto.core.api.trust.Trust;
import org.sotto.core.api.trust.TrustDecision;

/**
 * {@code trust JID DEVICEID} ({@code trusted_blind}) and {@code distrust JID DEVICEID} ({@code distrusted}): the
 * user's decision about a device, e.g. one a send waits for. Chat states follow and messages queued for the
 * decision go out.
 */
final class DecideCommand implements Command {
    private final String name;
    private final TrustDecision decision;

    DecideCommand(String name, TrustDecision decision) {
        this.name = name;
        this.decision = decision;
    }

    @Override
    public void checkUsage(List<String> args) {
        if (args.size() != 2) {
            throw new UsageException("usage: " + name + " JID DEVICEID");
        }
        Arguments.requireJid(args.get(0), "not an address (user@server): ");
        Arguments.parseDeviceId(args.get(1));
    }

    @Override
    public int run(CommandContext context) {
        String jid = context.args().get(0);
        int deviceId = Arguments.parseDeviceId(context.args().get(1));
        Trust trust = context.account().trust();
        trust.refresh(jid).join(); // a device never seen before is recorded with its key first
        // an unknown device is a TrustException (UNKNOWN_DEVICE), printed by the runner with its reason
        Device decided = trust.decide(jid, deviceId, decision).join();
        context.out().print(JsonEvents.device(decided));
        return 0;
    }
}
