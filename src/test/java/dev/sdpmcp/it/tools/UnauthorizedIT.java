package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.ClientTestBase;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Before authorizing, every ServiceDesk Plus tool — whatever its module — answers with the three ways to authorize. */
@RunsOnPostgresql
class UnauthorizedIT extends ClientTestBase {

    /** Tools that need one of several optional arguments before they go anywhere. */
    static final Map<String, Map<String, Object>> ALSO = Map.of(
            "assign_request", Map.of("technician", "someone@example.com"),
            "get_user", Map.of("email", "someone@example.com"));

    /** The smallest arguments the tool's own input schema accepts. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> minimalArguments(McpSchema.Tool tool) {
        Map<String, Object> properties = (Map<String, Object>) tool.inputSchema().getOrDefault("properties", Map.of());
        List<String> required = (List<String>) tool.inputSchema().getOrDefault("required", List.of());
        Map<String, Object> arguments = new HashMap<>(ALSO.getOrDefault(tool.name(), Map.of()));
        if (properties.containsKey("query")) {
            arguments.put("query", "x"); // searches need something to search for
        }
        if (properties.containsKey("description")) {
            arguments.put("description", "x"); // updates need something to change
        }
        for (String name : required) {
            Map<String, Object> schema = (Map<String, Object>) properties.get(name);
            Object type = schema.get("type");
            String kind = type instanceof List<?> types ? String.valueOf(types.get(0)) : String.valueOf(type);
            arguments.put(name, schema.containsKey("pattern") ? "1" : schema.containsKey("enum")
                    ? ((List<Object>) schema.get("enum")).get(0) : switch (kind) {
                        case "integer", "number" -> 1;
                        case "boolean" -> true;
                        case "array" -> List.of("x");
                        default -> "x";
                    });
        }
        return arguments;
    }

    @Test
    void everyServiceDeskToolExplainsHowToAuthorize() {
        try (McpSyncClient client = McpClients.streamable(base, TestUsers.fresh().headers())) {
            client.initialize();
            List<String> checked = new ArrayList<>();
            List<String> wrong = new ArrayList<>();
            for (McpSchema.Tool tool : client.listTools().tools()) {
                if (tool.name().matches("check_auth_status|authorize|revoke_authorization")) {
                    continue;
                }
                var result = client.callTool(new McpSchema.CallToolRequest(tool.name(), minimalArguments(tool)));
                String text = ((McpSchema.TextContent) result.content().get(0)).text();
                if (!Boolean.TRUE.equals(result.isError()) || !(text.contains("Not authorized") && text.contains("authorize tool")
                        && text.contains("/oauth/setup") && text.contains("X-SDP-Refresh-Token"))) {
                    wrong.add(tool.name() + ": " + text);
                }
                checked.add(tool.name());
            }
            assertTrue(wrong.isEmpty(), String.join("\n", wrong));
            assertTrue(checked.size() >= 16, "ServiceDesk Plus tools checked: " + checked);
        }
    }
}
