package org.sotto.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** dbus-java logs through SLF4J: its records must reach java.util.logging, where Sotto's own go, warnings included. */
class LibraryLoggingTest {
    private final Logger dbus = Logger.getLogger("org.freedesktop.dbus");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void removeHandler() {
        dbus.removeHandler(handler);
    }

    @Test
    void dbusJavasWarningsReachJavaUtilLoggingAndItsInfoLinesDoNot() {
        dbus.addHandler(handler);
        Main.quietenDbusJava();
        org.slf4j.Logger transport =
                LoggerFactory.getLogger("org.freedesktop.dbus.connections.transports.TransportBuilder");
        transport.info("Using transport dbus-java-transport-native-unixsocket");
        transport.warn("the session bus went away");
        assertEquals(List.of("the session bus went away"), records.stream().map(LogRecord::getMessage).toList());
    }
}
