package org.sotto.core.internal.omemo.provider;

import org.jivesoftware.smack.provider.ProviderManager;

import org.sotto.core.internal.omemo.element.BundleElement;
import org.sotto.core.internal.omemo.element.DeviceListElement;
import org.sotto.core.internal.omemo.element.EncryptedElement;
import org.sotto.core.internal.omemo.element.OmemoNamespaces;

/** Registers Sotto's OMEMO element parsers with Smack, so stanzas and PEP items arrive as typed elements. */
public final class OmemoProviders {
    private static volatile boolean registered;

    private OmemoProviders() {
    }

    public static synchronized void register() {
        if (registered) {
            return;
        }
        for (boolean legacy : new boolean[] {true, false}) {
            String namespace = legacy ? OmemoNamespaces.LEGACY : OmemoNamespaces.V2;
            ProviderManager.addExtensionProvider(EncryptedElement.ELEMENT, namespace, new EncryptedElementProvider(legacy));
            ProviderManager.addExtensionProvider(BundleElement.ELEMENT, namespace, new BundleElementProvider(legacy));
            ProviderManager.addExtensionProvider(legacy ? DeviceListElement.LEGACY_ELEMENT : DeviceListElement.V2_ELEMENT,
                    namespace, new DeviceListElementProvider(legacy));
        }
        registered = true;
    }
}
