/**
 * OMEMO 2 ({@code urn:xmpp:omemo:2}, XEP-0384) on Bouncy Castle: X3DH, the Double Ratchet, payload encryption,
 * sessions and our device's bundle keys, all as bytes and value objects. Entry points: {@link
 * org.sotto.crypto.omemo2.Omemo2Device} (our device), {@link org.sotto.crypto.omemo2.Omemo2Session} (one peer
 * device), {@link org.sotto.crypto.omemo2.Omemo2Payload} (the message body). See docs/omemo2.md.
 */
package org.sotto.crypto.omemo2;
