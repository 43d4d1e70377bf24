package org.sotto.core.internal.omemo.element;

import java.util.Map;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;
import org.jivesoftware.smackx.pubsub.packet.PubSub;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.packet.DataForm;

/** XEP-0060 §7.1.5 {@code <publish-options/>}, which Smack 4.4 cannot send by itself. */
public final class PublishOptions implements ExtensionElement {
    public static final String ELEMENT = "publish-options";
    private static final String FORM_TYPE = "http://jabber.org/protocol/pubsub#publish-options";

    private final DataForm form;

    public PublishOptions(Map<String, String> options) {
        DataForm.Builder builder = DataForm.builder(DataForm.Type.submit).setFormType(FORM_TYPE);
        options.forEach((var, value) -> builder.addField(FormField.textSingleBuilder(var).setValue(value).build()));
        this.form = builder.build();
    }

    public DataForm form() {
        return form;
    }

    @Override
    public String getElementName() {
        return ELEMENT;
    }

    @Override
    public String getNamespace() {
        return PubSub.NAMESPACE;
    }

    @Override
    public XmlStringBuilder toXML(XmlEnvironment environment) {
        XmlStringBuilder xml = new XmlStringBuilder(this, environment);
        xml.rightAngleBracket();
        xml.append(form.toXML(new XmlEnvironment(PubSub.NAMESPACE)));
        xml.closeElement(this);
        return xml;
    }
}
