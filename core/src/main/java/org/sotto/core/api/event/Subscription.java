package org.sotto.core.api.event;

/** Returned by every subscribe call; closing it stops further notifications. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
