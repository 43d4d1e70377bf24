package org.sotto.core.internal.omemo.element;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * A device's published bundle: identity key, signed prekey with its signature, and one-time prekeys.
 * The same content has different element names in the two versions, so one class writes both.
 */
public final class BundleElement implements ExtensionElement {
    public static final String ELEMENT = "bundle";

    /** A public prekey with its id. */
    public record PreKey(int id, byte[] publicKey) {
        public PreKey {
            DeviceIds.require(id, "prekey id");
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PreKey that && id == that.id && Arrays.equals(publicKey, that.publicKey);
        }

        @Override
        public int hashCode() {
            return 31 * id + Arrays.hashCode(publicKey);
        }

        @Override
        public String toString() {
            return "PreKey[" + id + "]";
        }
    }

    private final boolean legacy;
    private final PreKey signedPreKey;
    private final byte[] signedPreKeySignature;
    private final byte[] identityKey;
    private final List<PreKey> preKeys;

    public BundleElement(boolean legacy, PreKey signedPreKey, byte[] signedPreKeySignature, byte[] identityKey,
                         List<PreKey> preKeys) {
        this.legacy = legacy;
        this.signedPreKey = Objects.requireNonNull(signedPreKey, "signedPreKey");
        this.signedPreKeySignature = signedPreKeySignature.clone();
        this.identityKey = identityKey.clone();
        this.preKeys = List.copyOf(preKeys);
        if (this.preKeys.isEmpty()) {
            throw new IllegalArgumentException("a bundle needs at least one prekey");
        }
    }

    public boolean isLegacy() {
        return legacy;
    }

    public PreKey signedPreKey() {
        return signedPreKey;
    }

    public byte[] signedPreKeySignature() {
        return signedPreKeySignature.clone();
    }

    public byte[] identityKey() {
        return identityKey.clone();
    }

    public List<PreKey> preKeys() {
        return preKeys;
    }

    @Override
    public String getElementName() {
        return ELEMENT;
    }

    @Override
    public String getNamespace() {
        return legacy ? OmemoNamespaces.LEGACY : OmemoNamespaces.V2;
    }

    @Override
    public XmlStringBuilder toXML(XmlEnvironment environment) {
        XmlStringBuilder xml = new XmlStringBuilder(this, environment);
        xml.rightAngleBracket();
        String spk = legacy ? "signedPreKeyPublic" : "spk";
        String spkId = legacy ? "signedPreKeyId" : "id";
        String pk = legacy ? "preKeyPublic" : "pk";
        String pkId = legacy ? "preKeyId" : "id";
        xml.halfOpenElement(spk).attribute(spkId, signedPreKey.id()).rightAngleBracket()
                .append(Base64Text.encode(signedPreKey.publicKey())).closeElement(spk);
        xml.element(legacy ? "signedPreKeySignature" : "spks", Base64Text.encode(signedPreKeySignature));
        xml.element(legacy ? "identityKey" : "ik", Base64Text.encode(identityKey));
        xml.openElement("prekeys");
        for (PreKey preKey : preKeys) {
            xml.halfOpenElement(pk).attribute(pkId, preKey.id()).rightAngleBracket()
                    .append(Base64Text.encode(preKey.publicKey())).closeElement(pk);
        }
        xml.closeElement("prekeys");
        xml.closeElement(this);
        return xml;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BundleElement that && legacy == that.legacy && signedPreKey.equals(that.signedPreKey)
                && Arrays.equals(signedPreKeySignature, that.signedPreKeySignature)
                && Arrays.equals(identityKey, that.identityKey) && preKeys.equals(that.preKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(legacy, signedPreKey, Arrays.hashCode(identityKey), preKeys);
    }

    @Override
    public String toString() {
        return "BundleElement[" + (legacy ? "legacy" : "v2") + ", spk " + signedPreKey.id() + ", " + preKeys.size()
                + " prekeys]";
    }
}
