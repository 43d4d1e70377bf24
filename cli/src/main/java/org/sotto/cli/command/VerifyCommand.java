package org.sotto.cli.command;

import java.util.List;
import java.util.concurrent.CompletionException;

import org.sotto.cli.Arguments;
import org.sotto.cli.JsonEvents;
import org.sotto.cli.UsageException;
import org.sotto.core.api.trust.Device;
import org.sotto.core.api.trust.TrustException;
import org.sotto.core.api.trust.VerificationUri;

/**
 * {@code verify xmpp:JID?omemo-sid-DEVICEID=FINGERPRINT;…}: marks the named devices VERIFIED against their keys as
 * published now; a fingerprint that does not match is an error and changes nothing.
 */
final class VerifyCommand implements Command {
    @Override
    public void checkUsage(List<String> args) {
        Arguments.requireArguments(args, 1, "verify xmpp:JID?omemo-sid-DEVICEID=FINGERPRINT");
        if (args.size() > 1) {
            throw new UsageException("usage: verify xmpp:JID?omemo-sid-DEVICEID=FINGERPRINT");
        }
        try {
            VerificationUri.parse(args.get(0));
        } catch (TrustException e) {
            throw new UsageException(e.getMessage());
        }
    }

    @Override
    public int run(CommandContext context) {
        List<Device> verified;
        try {
            verified = context.account().trust().verify(context.args().get(0)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof TrustException mismatch
                    && mismatch.reason() == TrustException.Reason.FINGERPRINT_MISMATCH) {
                context.out().error("fingerprint_mismatch", mismatch.getMessage() + "; nothing was changed");
                return 1;
            }
            throw e;
        }
        verified.forEach(device -> context.out().print(JsonEvents.device(device)));
        return 0;
    }
}
