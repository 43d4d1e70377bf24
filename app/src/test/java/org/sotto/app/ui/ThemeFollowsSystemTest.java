package org.sotto.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Follow the system" on a private session bus ({@code dbus-daemon}) with a fake XDG portal the test exports itself
 * through dbus-java: the theme follows the portal's {@code color-scheme} and its changes; without a portal, or without
 * a bus, the theme is light and nothing fails.
 */
@ExtendWith(ApplicationExtension.class)
class ThemeFollowsSystemTest {
    @TempDir
    Path dir;
    private Process daemon;
    private String address;
    private Button themeSwitch;

    @Start
    void start(Stage stage) {
        Theme.choice().set(Theme.Choice.LIGHT);
        themeSwitch = ThemeSwitch.create();
        stage.setScene(new Scene(new StackPane(themeSwitch), 200, 100));
        stage.show();
    }

    @BeforeEach
    void startBus() throws Exception {
        daemon = new ProcessBuilder("dbus-daemon", "--session", "--nofork", "--print-address",
                "--address=unix:path=" + dir.resolve("bus")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        address = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))
                .readLine().strip();
    }

    @AfterEach
    void stopBus(FxRobot robot) throws Exception {
        robot.interact(() -> Theme.choice().set(Theme.Choice.LIGHT));
        Theme.busAddress = Optional.empty();
        daemon.destroy();
        daemon.waitFor(10, TimeUnit.SECONDS);
    }

    /** The portal's settings, as xdg-desktop-portal offers them: version 2's ReadOne and the older Read. */
    static final class FakePortal implements PortalSettings {
        final AtomicInteger scheme = new AtomicInteger();

        @Override
        public Variant<?> ReadOne(String namespace, String key) {
            return new Variant<>(new UInt32(scheme.get()));
        }

        @Override
        public Variant<?> Read(String namespace, String key) {
            return new Variant<>(new Variant<>(new UInt32(scheme.get())));
        }

        @Override
        public String getObjectPath() {
            return OBJECT_PATH;
        }
    }

    @Test
    void followsThePortalsColorScheme(FxRobot robot) throws Exception {
        try (DBusConnection portalSide = DBusConnectionBuilder.forAddress(address).withShared(false).build()) {
            FakePortal portal = new FakePortal();
            portal.scheme.set(1);
            portalSide.requestBusName(PortalSettings.BUS_NAME);
            portalSide.exportObject(PortalSettings.OBJECT_PATH, portal);
            Theme.busAddress = Optional.of(address);

            robot.interact(() -> Theme.choice().set(Theme.Choice.SYSTEM));
            awaitTheme(Theme.DARK);
            assertEquals(Theme.Choice.SYSTEM, Theme.choice().get(), "following the system stays the choice");
            assertTrue(themeSwitch.getAccessibleText().startsWith("Theme: follow the system."),
                    themeSwitch.getAccessibleText());

            portal.scheme.set(2);
            portalSide.sendMessage(new PortalSettings.SettingChanged(PortalSettings.OBJECT_PATH,
                    PortalSettings.APPEARANCE, PortalSettings.COLOR_SCHEME, new Variant<>(new UInt32(2))));
            awaitTheme(Theme.LIGHT);

            portalSide.sendMessage(new PortalSettings.SettingChanged(PortalSettings.OBJECT_PATH,
                    PortalSettings.APPEARANCE, PortalSettings.COLOR_SCHEME, new Variant<>(new UInt32(1))));
            awaitTheme(Theme.DARK);

            // the three-way switch: system → light, and a portal change no longer counts
            robot.clickOn(themeSwitch);
            assertEquals(Theme.Choice.LIGHT, Theme.choice().get());
            awaitTheme(Theme.LIGHT);
            portalSide.sendMessage(new PortalSettings.SettingChanged(PortalSettings.OBJECT_PATH,
                    PortalSettings.APPEARANCE, PortalSettings.COLOR_SCHEME, new Variant<>(new UInt32(1))));
            Thread.sleep(300); // a signal that arrived would be on the JavaFX thread by now
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(Theme.LIGHT, Theme.current().get());
        }
    }

    @Test
    void withoutAPortalItIsLightQuietly(FxRobot robot) throws Exception {
        robot.interact(() -> Theme.choice().set(Theme.Choice.DARK));
        Theme.busAddress = Optional.of(address); // a bus, but no portal on it
        robot.interact(() -> Theme.choice().set(Theme.Choice.SYSTEM));
        awaitTheme(Theme.LIGHT);

        robot.interact(() -> Theme.choice().set(Theme.Choice.DARK));
        Theme.busAddress = Optional.of("unix:path=" + dir.resolve("no-bus-here"));
        robot.interact(() -> Theme.choice().set(Theme.Choice.SYSTEM));
        awaitTheme(Theme.LIGHT);
        assertEquals(Theme.Choice.SYSTEM, Theme.choice().get());
    }

    private static void awaitTheme(Theme expected) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Theme.current().get() == expected);
    }
}
