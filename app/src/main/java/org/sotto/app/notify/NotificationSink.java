package org.sotto.app.notify;

/** Where notifications go: the desktop's service, or nowhere when there is none. */
public interface NotificationSink extends AutoCloseable {
    /**
     * Shows a notification under {@code tag}, replacing the one shown under the same tag; {@code openable}: it offers
     * "Open", which reports the tag back.
     */
    void show(String tag, String summary, String body, boolean openable);

    /** Takes the notification shown under {@code tag} away, if there is one. */
    void close(String tag);

    @Override
    void close();

    /** Shows nothing. */
    NotificationSink NONE = new NotificationSink() {
        @Override
        public void show(String tag, String summary, String body, boolean openable) {
        }

        @Override
        public void close(String tag) {
        }

        @Override
        public void close() {
        }
    };
}
