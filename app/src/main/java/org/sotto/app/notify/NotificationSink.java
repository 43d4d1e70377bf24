package org.sotto.app.notify;

import java.util.Optional;

/** Where notifications go: the desktop's service, or nowhere when there is none. */
public interface NotificationSink extends AutoCloseable {
    /**
     * Shows a notification under {@code tag}, replacing the one shown under the same tag; {@code picture}: shown in
     * it instead of the app's icon; {@code openable}: it offers "Open", which reports the tag back.
     */
    void show(String tag, String summary, String body, Optional<NotificationPicture> picture, boolean openable);

    /** Takes the notification shown under {@code tag} away, if there is one. */
    void close(String tag);

    @Override
    void close();

    /** Shows nothing. */
    NotificationSink NONE = new NotificationSink() {
        @Override
        public void show(String tag, String summary, String body, Optional<NotificationPicture> picture,
                         boolean openable) {
        }

        @Override
        public void close(String tag) {
        }

        @Override
        public void close() {
        }
    };
}
