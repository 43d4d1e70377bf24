package org.sotto.core.api.chat;

/** XEP-0085 chat states, without Smack types in the API. */
public enum TypingState {
    ACTIVE, COMPOSING, PAUSED, INACTIVE, GONE
}
