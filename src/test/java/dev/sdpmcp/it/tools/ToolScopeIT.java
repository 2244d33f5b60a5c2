package dev.sdpmcp.it.tools;

import static dev.sdpmcp.it.support.Http.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.ToolHints;
import dev.sdpmcp.it.support.ToolTestBase;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Per-user narrowing of the tools: X-SDP-Read-Only and X-SDP-Toolsets, in tools/list and when a hidden tool is called. */
@RunsOnPostgresql
class ToolScopeIT extends ToolTestBase {

    Set<String> toolNames(McpSyncClient client) {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
    }

    McpSyncClient connect(String... headers) {
        McpSyncClient scoped = McpClients.sse(base, with(user.headers(), headers));
        scoped.initialize();
        return scoped;
    }

    @Test
    void everythingByDefault() {
        Set<String> all = toolNames(client);
        assertTrue(all.containsAll(Set.of("list_requests", "create_request", "delete_request", "check_auth_status")), all.toString());
    }

    @Test
    void readOnlyHeaderHidesEveryToolThatWritesAndRefusesThemIfCalled() {
        try (McpSyncClient readOnly = connect("X-SDP-Read-Only", "true")) {
            Set<String> names = toolNames(readOnly);
            assertTrue(names.containsAll(Set.of("list_requests", "get_request", "search_requests", "check_auth_status")));
            assertFalse(names.contains("create_request") || names.contains("close_request") || names.contains("delete_request"), names.toString());
            readOnly.listTools().tools().stream().filter(t -> !t.name().matches("authorize|revoke_authorization"))
                    .forEach(t -> assertTrue(ToolHints.of(t).readOnly(), t.name()));
            var refused = readOnly.callTool(new McpSchema.CallToolRequest("create_request", Map.of("subject", "sneaky")));
            assertTrue(refused.isError());
            assertTrue(text(refused).contains("read-only"), text(refused));
        }
        assertEquals(0, sdp().log(user).stream().filter(e -> e.path("method").asText().equals("POST")).count(),
                "the hidden tool reached nothing");
    }

    @Test
    void toolsetsHeaderShowsOnlyTheChosenGroups() {
        try (McpSyncClient lookupsOnly = connect("X-SDP-Toolsets", "lookups")) {
            Set<String> names = toolNames(lookupsOnly);
            assertFalse(names.contains("list_requests"), names.toString());
            assertTrue(names.contains("check_auth_status"), "the authorization tools are always there");
            var refused = lookupsOnly.callTool(new McpSchema.CallToolRequest("list_requests", Map.of()));
            assertTrue(refused.isError());
            assertTrue(text(refused).contains("X-SDP-Toolsets"), text(refused));
        }
        try (McpSyncClient requests = connect("X-SDP-Toolsets", "requests", "X-SDP-Read-Only", "true")) {
            Set<String> names = toolNames(requests);
            assertTrue(names.contains("list_requests") && !names.contains("update_request"), names.toString());
        }
    }
}
