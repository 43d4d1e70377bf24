/**
 * OMEMO 2 ({@code urn:xmpp:omemo:2}, XEP-0384) on Bouncy Castle: X3DH, the Double Ratchet and payload encryption.
 * The entry point is {@link org.sotto.crypto.omemo2.Omemo2Protocol}, the {@link org.sotto.crypto.OmemoProtocol}
 * for OMEMO 2 over the shared store SPI; everything else is package-private. See docs/omemo2.md.
 */
package org.sotto.crypto.omemo2;
