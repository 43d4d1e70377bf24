package org.sotto.core.internal.omemo.provider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

import org.sotto.core.internal.omemo.element.Base64Text;
import org.sotto.core.internal.omemo.element.DeviceListElement.Device;
import org.sotto.core.internal.omemo.element.DeviceListElement;

/**
 * Parses {@code <list/>} (legacy) and {@code <devices/>} (OMEMO 2) device lists in one pass. Anyone we follow can
 * publish a list, and the server pushes it to us: at most {@link #MAX_DEVICES} distinct ids are kept (the rest are
 * ignored with a log line), and a label longer than {@link #MAX_LABEL_CHARS} is dropped.
 */
public final class DeviceListElementProvider extends ExtensionElementProvider<DeviceListElement> {
    /** Far above real use (OMEMO clients list a handful of devices per account). */
    public static final int MAX_DEVICES = 200;
    public static final int MAX_LABEL_CHARS = 128;
    private static final Logger LOG = Logger.getLogger(DeviceListElementProvider.class.getName());

    private final boolean legacy;

    public DeviceListElementProvider(boolean legacy) {
        this.legacy = legacy;
    }

    @Override
    public DeviceListElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
            throws XmlPullParserException, IOException, SmackParsingException {
        List<Device> devices = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        int ignored = 0;
        while (true) {
            XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.START_ELEMENT && "device".equals(parser.getName())) {
                if (devices.size() >= MAX_DEVICES) {
                    ignored++;
                    continue;
                }
                int id = OmemoParsing.requiredId(parser, "id");
                Optional<String> label = Optional.ofNullable(parser.getAttributeValue("", "label"))
                        .filter(text -> text.length() <= MAX_LABEL_CHARS);
                Optional<byte[]> signature = Optional.empty();
                String labelsig = parser.getAttributeValue("", "labelsig");
                if (labelsig != null && label.isPresent()) {
                    try {
                        signature = Optional.of(Base64Text.decode(labelsig, "device labelsig"));
                    } catch (IllegalArgumentException e) {
                        label = Optional.empty(); // a label without a valid signature must be ignored
                    }
                }
                if (signature.isEmpty()) {
                    label = Optional.empty();
                }
                if (ids.add(id)) {
                    devices.add(new Device(id, label, signature));
                }
            } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                break;
            } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                throw new SmackParsingException("device list ends before its end tag");
            }
        }
        if (ignored > 0) {
            int count = ignored;
            LOG.info(() -> "a device list with more than " + MAX_DEVICES + " devices: " + count + " ignored");
        }
        return legacy ? DeviceListElement.legacy(devices.stream().map(Device::id).toList())
                : DeviceListElement.v2(devices);
    }
}
