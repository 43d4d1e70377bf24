package org.sotto.core.omemo.provider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.sotto.core.omemo.element.Base64Text;
import org.sotto.core.omemo.element.DeviceListElement;
import org.sotto.core.omemo.element.DeviceListElement.Device;

/** Parses {@code <list/>} (legacy) and {@code <devices/>} (OMEMO 2) device lists. */
public final class DeviceListElementProvider extends ExtensionElementProvider<DeviceListElement> {
    private final boolean legacy;

    public DeviceListElementProvider(boolean legacy) {
        this.legacy = legacy;
    }

    @Override
    public DeviceListElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
            throws XmlPullParserException, IOException, SmackParsingException {
        List<Device> devices = new ArrayList<>();
        while (true) {
            XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.START_ELEMENT && "device".equals(parser.getName())) {
                int id = OmemoParsing.requiredId(parser, "id");
                Optional<String> label = Optional.ofNullable(parser.getAttributeValue("", "label"));
                Optional<byte[]> signature = Optional.empty();
                String labelsig = parser.getAttributeValue("", "labelsig");
                if (labelsig != null) {
                    try {
                        signature = Optional.of(Base64Text.decode(labelsig, "device labelsig"));
                    } catch (IllegalArgumentException e) {
                        label = Optional.empty(); // a label without a valid signature must be ignored
                    }
                }
                if (signature.isEmpty()) {
                    label = Optional.empty();
                }
                if (devices.stream().noneMatch(d -> d.id() == id)) {
                    devices.add(new Device(id, label, signature));
                }
            } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                break;
            } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                throw new SmackParsingException("device list ends before its end tag");
            }
        }
        return legacy ? DeviceListElement.legacy(devices.stream().map(Device::id).toList())
                : DeviceListElement.v2(devices);
    }
}
