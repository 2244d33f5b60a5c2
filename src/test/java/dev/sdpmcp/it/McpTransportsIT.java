package dev.sdpmcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.ClientTestBase;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RawSse;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ToolHints;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Both transports, end to end, with the MCP Java SDK client carrying the user's headers. */
@RunsOnPostgresql
class McpTransportsIT extends ClientTestBase {

    @Test
    void legacySseServesCheckAuthStatus() {
        checkAuthStatusOver(McpClients::sse, "sse");
    }

    @Test
    void streamableHttpServesCheckAuthStatus() {
        checkAuthStatusOver(McpClients::streamable, "streamable");
    }

    @Test
    void basicAuthorizationWorksOnBothTransports() {
        TestUsers user = TestUsers.fresh();
        Map<String, String> basic = Map.of("Authorization", user.basicAuthorization());
        for (BiFunction<URL, Map<String, String>, McpSyncClient> transport : List.<BiFunction<URL, Map<String, String>, McpSyncClient>>of(McpClients::sse, McpClients::streamable)) {
            try (McpSyncClient client = transport.apply(base, basic)) {
                client.initialize();
                CallToolResult result = client.callTool(new McpSchema.CallToolRequest("check_auth_status", Map.of()));
                assertFalse(Boolean.TRUE.equals(result.isError()));
                assertEquals(mask(user.clientId()), structured(result).get("client_id"));
            }
        }
    }

    private void checkAuthStatusOver(BiFunction<URL, Map<String, String>, McpSyncClient> transport, String name) {
        TestUsers user = TestUsers.fresh();
        try (McpSyncClient client = transport.apply(base, user.headers())) {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals("sdp-mcp", init.serverInfo().name());
            // the legacy SSE transport speaks the protocol of its day; Streamable HTTP the newest one
            assertEquals(name.equals("sse") ? "2024-11-05" : "2025-11-25", init.protocolVersion());
            assertNotNull(init.capabilities().tools());

            McpSchema.Tool tool = client.listTools().tools().stream()
                    .filter(t -> t.name().equals("check_auth_status")).findFirst().orElseThrow();
            assertEquals(new ToolHints(true, false, false, false), ToolHints.of(tool), "reads, locally");
            assertNotNull(tool.outputSchema());

            CallToolResult first = client.callTool(new McpSchema.CallToolRequest("check_auth_status", Map.of()));
            assertFalse(Boolean.TRUE.equals(first.isError()));
            Map<String, Object> status = structured(first);
            assertEquals(mask(user.clientId()), status.get("client_id"));
            assertEquals(Boolean.FALSE, status.get("authorized"));
            assertEquals(Boolean.FALSE, status.get("needs_reauth"));
            assertEquals(10, ((Number) status.get("refresh_budget_left")).intValue());
            assertEquals(name, status.get("transport"));
            String text = ((McpSchema.TextContent) first.content().get(0)).text();
            assertTrue(text.contains(mask(user.clientId())), text);
            assertFalse(text.contains(user.clientId()), "the full client id must never be echoed");
            assertFalse(text.contains(user.clientSecret()));

            // the usage table is read back: the first call is recorded before the second one counts
            CallToolResult second = client.callTool(new McpSchema.CallToolRequest("check_auth_status", Map.of()));
            assertEquals(1, ((Number) structured(second).get("calls_last_24h")).intValue());
        }
    }

    @Test
    void sseStreamStartsWithRelativeEndpointAndKeepsAlive() {
        TestUsers user = TestUsers.fresh();
        try (RawSse sse = RawSse.open(URI.create(base.toString()), "/sse", user.headers())) {
            assertEquals(200, sse.status());
            assertEquals("no", sse.header("X-Accel-Buffering"));
            assertTrue(sse.header("Content-Type").startsWith("text/event-stream"));
            String endpoint = sse.endpoint();
            assertTrue(endpoint.matches("/messages\\?sessionId=[0-9a-f-]{36}"), endpoint);
            // the test server sends keep-alives every second (SDP_SSE_KEEPALIVE_SECONDS=1)
            assertNotNull(sse.awaitLine(": keepalive", 5000), "no keep-alive comment within 5 s");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    static String mask(String clientId) {
        String key = clientId.substring(5);
        return "1000." + key.substring(0, 3) + "…" + key.substring(key.length() - 3);
    }
}
