package dev.sdpmcp.it.tools;

import static dev.sdpmcp.it.Http.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.McpClients;
import dev.sdpmcp.it.ToolIT;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs on a server started with SDP_READ_ONLY=true and SDP_TOOLSETS=requests,lookups (see pom.xml): tools that write
 * and other groups are gone for everyone, and a user's headers cannot bring them back.
 */
class ServerScopeIT extends ToolIT {

    Set<String> names(McpSyncClient client) {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
    }

    @Test
    void theServerDecidesAndUsersCanOnlyNarrow() {
        Set<String> names = names(client);
        assertTrue(names.containsAll(Set.of("list_requests", "get_request", "check_auth_status")), names.toString());
        assertFalse(names.contains("create_request"), "read-only server");
        names.stream().filter(n -> !n.matches("check_auth_status|authorize|revoke_authorization"))
                .forEach(n -> assertTrue(n.contains("request") || n.startsWith("get_"), "only requests and lookups: " + n));
        var refused = call("close_request", Map.of("request_id", "1"));
        assertTrue(refused.isError());
        assertTrue(text(refused).contains("SDP_READ_ONLY"), text(refused));
        assertFalse(rows(ok("list_requests", Map.of("page_size", 1)), "requests").isEmpty());

        try (McpSyncClient widen = McpClients.streamable(base, with(user.headers(), "X-SDP-Read-Only", "false",
                "X-SDP-Toolsets", "requests,lookups,problems,assets"))) {
            widen.initialize();
            Set<String> widened = names(widen);
            assertEquals(names, widened, "headers cannot widen what the server offers");
        }
    }
}
