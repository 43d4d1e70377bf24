package org.sotto.testkit;

import java.util.Objects;
import java.util.Set;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one fresh Prosody per test class and stops it afterwards.
 * Use {@code @ExtendWith(ProsodyExtension.class)} and take a {@link ProsodyServer} parameter, or
 * {@code @RegisterExtension static ProsodyExtension prosody = new ProsodyExtension();} and call {@link #server()}.
 */
public final class ProsodyExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ProsodyExtension.class);
    private final Set<String> leftOut;
    private final String extraGlobalConfig;
    private ProsodyServer server;

    public ProsodyExtension() {
        this(Set.of(), "");
    }

    private ProsodyExtension(Set<String> leftOut, String extraGlobalConfig) {
        this.leftOut = Set.copyOf(leftOut);
        this.extraGlobalConfig = extraGlobalConfig;
    }

    /** A server without some of {@link ProsodyServer#MODULES}, e.g. {@code without("bookmarks")} for XEP-0048 only. */
    public static ProsodyExtension without(String... modules) {
        return new ProsodyExtension(Set.of(modules), "");
    }

    /** A server with extra global Lua settings, e.g. {@code withGlobalConfig("password_hash = \"SHA-256\"")}. */
    public static ProsodyExtension withGlobalConfig(String lua) {
        return new ProsodyExtension(Set.of(), Objects.requireNonNull(lua));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = ProsodyServer.start(leftOut, extraGlobalConfig);
        context.getStore(NAMESPACE).put(ProsodyServer.class, server);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ProsodyServer running = context.getStore(NAMESPACE).remove(ProsodyServer.class, ProsodyServer.class);
        if (running != null) {
            running.close();
        }
        server = null;
    }

    public ProsodyServer server() {
        if (server == null) {
            throw new IllegalStateException("Prosody is started before all tests of a class; use it from a test");
        }
        return server;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ProsodyServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ProsodyServer found = context.getStore(NAMESPACE).get(ProsodyServer.class, ProsodyServer.class);
        return found != null ? found : server();
    }
}
