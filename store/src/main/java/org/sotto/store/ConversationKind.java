package org.sotto.store;

/** A one-to-one chat or a group chat (MUC). */
public enum ConversationKind {
    CHAT, GROUP
}
