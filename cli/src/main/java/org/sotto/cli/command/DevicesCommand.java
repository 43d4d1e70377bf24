package org.sotto.cli.command;

import java.util.List;

import org.sotto.cli.Arguments;
import org.sotto.cli.JsonEvents;
import org.sotto.cli.UsageException;
import org.sotto.core.api.trust.Device;
import org.sotto.core.api.trust.Trust;

/**
 * {@code devices [JID]}: JID's OMEMO devices (default: the own account's, this device first) with fingerprints and
 * trust, fetched now; devices that left the list follow with {@code "active": false}. Offline, the own account's
 * devices as the profile last saw them.
 */
final class DevicesCommand implements Command {
    @Override
    public void checkUsage(List<String> args) {
        if (args.size() > 1) {
            throw new UsageException("usage: devices [JID]");
        }
        if (args.size() == 1) {
            Arguments.requireJid(args.get(0), "not an address (user@server): ");
        }
    }

    @Override
    public boolean readsOffline(List<String> args) {
        return args.isEmpty();
    }

    @Override
    public int run(CommandContext context) {
        Trust trust = context.account().trust();
        String self = context.account().jid();
        String owner = context.args().isEmpty() ? self : context.args().get(0);
        if (owner.equals(self)) {
            context.out().print(JsonEvents.ownDevice(self, trust.ownDeviceId(), trust.ownFingerprint()));
        }
        if (!context.online()) { // the devices last seen, from the profile
            trust.knownDevices(owner).stream().filter(known -> !known.thisDevice())
                    .forEach(known -> context.out().print(JsonEvents.knownDevice(known)));
            return 0;
        }
        List<Device> devices = trust.refresh(owner).join();
        for (Device device : devices) { // on the list now, with a key on record
            if (device.active() && !device.thisDevice() && device.trust().isPresent()) {
                context.out().print(JsonEvents.device(device));
            }
        }
        for (Device device : devices) { // left the list; their trust stays
            if (!device.active() && !device.thisDevice()) {
                context.out().print(JsonEvents.knownDevice(device));
            }
        }
        return 0;
    }
}
