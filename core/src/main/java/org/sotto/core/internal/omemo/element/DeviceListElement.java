package org.sotto.core.internal.omemo.element;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * A published device list: {@code <list xmlns='eu.siacs.conversations.axolotl'/>} (legacy) or
 * {@code <devices xmlns='urn:xmpp:omemo:2'/>} (OMEMO 2, whose devices may carry a signed label).
 */
public final class DeviceListElement implements ExtensionElement {
    public static final String LEGACY_ELEMENT = "list";
    public static final String V2_ELEMENT = "devices";

    /** One listed device; label and its signature only in OMEMO 2, and the label counts only with a valid one. */
    public record Device(int id, Optional<String> label, Optional<byte[]> labelSignature) {
        public Device {
            DeviceIds.require(id, "device id");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(labelSignature, "labelSignature");
        }

        public static Device of(int id) {
            return new Device(id, Optional.empty(), Optional.empty());
        }
    }

    private final boolean legacy;
    private final List<Device> devices;

    private DeviceListElement(boolean legacy, List<Device> devices) {
        this.legacy = legacy;
        this.devices = List.copyOf(devices);
    }

    public static DeviceListElement legacy(List<Integer> deviceIds) {
        return new DeviceListElement(true, deviceIds.stream().map(Device::of).toList());
    }

    public static DeviceListElement v2(List<Device> devices) {
        return new DeviceListElement(false, devices);
    }

    public boolean isLegacy() {
        return legacy;
    }

    public List<Device> devices() {
        return devices;
    }

    public List<Integer> deviceIds() {
        return devices.stream().map(Device::id).toList();
    }

    @Override
    public String getElementName() {
        return legacy ? LEGACY_ELEMENT : V2_ELEMENT;
    }

    @Override
    public String getNamespace() {
        return legacy ? OmemoNamespaces.LEGACY : OmemoNamespaces.V2;
    }

    @Override
    public XmlStringBuilder toXML(XmlEnvironment environment) {
        XmlStringBuilder xml = new XmlStringBuilder(this, environment);
        xml.rightAngleBracket();
        for (Device device : devices) {
            xml.halfOpenElement("device").attribute("id", device.id());
            if (!legacy && device.label().isPresent() && device.labelSignature().isPresent()) {
                xml.attribute("label", device.label().get())
                        .attribute("labelsig", Base64Text.encode(device.labelSignature().get()));
            }
            xml.closeEmptyElement();
        }
        xml.closeElement(this);
        return xml;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeviceListElement that && legacy == that.legacy
                && deviceIds().equals(that.deviceIds());
    }

    @Override
    public int hashCode() {
        return Objects.hash(legacy, deviceIds());
    }

    @Override
    public String toString() {
        return "DeviceListElement[" + (legacy ? "legacy" : "v2") + ", " + deviceIds() + "]";
    }
}
