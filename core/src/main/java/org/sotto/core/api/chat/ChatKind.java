package org.sotto.core.api.chat;

public enum ChatKind {
    /** One-to-one chat with a contact (type=chat/normal). */
    CHAT,
    /** A multi-user chat room (XEP-0045). */
    GROUPCHAT
}
