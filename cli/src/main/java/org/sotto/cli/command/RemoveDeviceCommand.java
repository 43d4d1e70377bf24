package org.sotto.cli.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sotto.cli.Arguments;
import org.sotto.cli.UsageException;

/** {@code remove-device DEVICEID}: removes a stale device of this account from both device lists, with its bundles. */
final class RemoveDeviceCommand implements Command {
    @Override
    public void checkUsage(List<String> args) {
        Arguments.requireArguments(args, 1, "remove-device DEVICEID");
        if (args.size() > 1) {
            throw new UsageException("usage: remove-device DEVICEID");
        }
        Arguments.parseDeviceId(args.get(0));
    }

    @Override
    public int run(CommandContext context) {
        int deviceId = Arguments.parseDeviceId(context.args().get(0));
        // this device itself is refused at once (IllegalArgumentException: exit 2)
        context.account().trust().removeOwnDevice(deviceId).join();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "device-removed");
        json.put("jid", context.account().jid());
        json.put("device", deviceId);
        context.out().print(json);
        return 0;
    }
}
