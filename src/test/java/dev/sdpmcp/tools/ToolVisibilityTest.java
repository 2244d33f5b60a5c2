package dev.sdpmcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.config.Settings;
import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.session.CallContext.UserScope;
import dev.sdpmcp.tools.ToolDefinition.Hints;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which tools a caller is offered: the server's SDP_READ_ONLY and SDP_TOOLSETS, narrowed (never widened) by the
 * caller's own headers; the authorization tools always.
 */
class ToolVisibilityTest {

    static final ToolDefinition READ_REQUESTS = tool("list_requests", Toolset.REQUESTS, Hints.reads());
    static final ToolDefinition WRITE_REQUESTS = tool("create_request", Toolset.REQUESTS, Hints.writes());
    static final ToolDefinition READ_ASSETS = tool("list_assets", Toolset.ASSETS, Hints.reads());
    static final ToolDefinition AUTHORIZE = tool("authorize", Toolset.AUTH, Hints.writes());

    static ToolDefinition tool(String name, Toolset group, Hints hints) {
        return new ToolDefinition(name, name, name, group, Map.of(), null, hints, call -> null);
    }

    static ToolCatalog catalog(boolean readOnly, String toolsets) {
        Settings settings = new Settings();
        set(settings, "readOnly", readOnly);
        set(settings, "toolsets", Optional.ofNullable(toolsets));
        ToolCatalog catalog = new ToolCatalog();
        catalog.settings = settings;
        return catalog;
    }

    private static void set(Object target, String field, Object value) {
        try {
            var declared = target.getClass().getDeclaredField(field);
            declared.setAccessible(true);
            declared.set(target, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static UserScope user(boolean readOnly, String... toolsets) {
        return new UserScope(readOnly, Set.of(toolsets));
    }

    @Test
    void everythingByDefault() {
        ToolCatalog catalog = catalog(false, null);
        for (ToolDefinition tool : new ToolDefinition[] {READ_REQUESTS, WRITE_REQUESTS, READ_ASSETS, AUTHORIZE}) {
            assertNull(catalog.hiddenBecause(tool, UserScope.EVERYTHING), tool.name());
        }
    }

    @Test
    void aReadOnlyServerOffersOnlyReadsAndAuthorization() {
        ToolCatalog catalog = catalog(true, null);
        assertNull(catalog.hiddenBecause(READ_REQUESTS, UserScope.EVERYTHING));
        assertTrue(catalog.hiddenBecause(WRITE_REQUESTS, UserScope.EVERYTHING).contains("SDP_READ_ONLY"));
        assertNull(catalog.hiddenBecause(AUTHORIZE, UserScope.EVERYTHING), "authorizing is always possible");
    }

    @Test
    void aCallerNarrowsButNeverWidens() {
        ToolCatalog server = catalog(false, "requests");
        assertTrue(server.hiddenBecause(READ_ASSETS, UserScope.EVERYTHING).contains("SDP_TOOLSETS"));
        assertTrue(server.hiddenBecause(READ_ASSETS, user(false, "assets")).contains("SDP_TOOLSETS"), "not widened");
        assertTrue(catalog(false, null).hiddenBecause(READ_ASSETS, user(false, "requests")).contains("X-SDP-Toolsets"));
        assertTrue(catalog(false, null).hiddenBecause(WRITE_REQUESTS, user(true)).contains("X-SDP-Read-Only"));
        assertNull(catalog(false, null).hiddenBecause(READ_REQUESTS, user(true, "requests")));
        assertNull(catalog(true, "requests").hiddenBecause(AUTHORIZE, user(true, "none")), "the auth tools stay");
        assertEquals(null, server.hiddenBecause(WRITE_REQUESTS, user(false, "requests")));
    }
}
