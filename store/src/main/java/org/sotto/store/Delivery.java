package org.sotto.store;

/** Where a message is on its way: outgoing PENDING to DISPLAYED or FAILED; incoming RECEIVED. */
public enum Delivery {
    PENDING, SENT, SERVER_ACKNOWLEDGED, DELIVERED, DISPLAYED, FAILED, RECEIVED
}
