package dev.sdpmcp.it.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.it.support.ClientTestBase;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RunsBeforeRestart;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ZohoSim;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The first of two server runs on one PostgreSQL (see pom.xml): authorizes users and records what
 * {@link TokensAfterRestartIT} must find after the restart, which also rotates the encryption key.
 */
@RunsBeforeRestart
class TokensBeforeRestartIT extends ClientTestBase {

    @Test
    void authorizeUsersAndRecordTheirState() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode state = json.createObjectNode();
        ArrayNode users = state.putArray("users");
        ZohoSim zoho = new ZohoSim(uri(""));
        for (int i = 0; i < 3; i++) {
            TestUsers user = TestUsers.fresh();
            HttpResponse<String> ok = Http.send("POST", uri("/oauth/setup"), Map.of("Content-Type", "application/json"),
                    "{\"clientId\":\"" + user.clientId() + "\",\"clientSecret\":\"" + user.clientSecret() + "\",\"authCode\":\""
                            + zoho.grantCode(user) + "\"}");
            assertEquals(200, ok.statusCode(), ok.body());
            zoho.tokens(user);
            try (McpSyncClient client = McpClients.streamable(base, user.headers())) {
                client.initialize();
                @SuppressWarnings("unchecked")
                Map<String, Object> status = (Map<String, Object>) client.callTool(
                        new McpSchema.CallToolRequest("check_auth_status", Map.of())).structuredContent();
                assertEquals(true, status.get("authorized"));
                users.addObject().put("client_id", user.clientId()).put("client_secret", user.clientSecret())
                        .put("budget_left", ((Number) status.get("refresh_budget_left")).intValue());
            }
        }
        Path file = Path.of(System.getenv("IT_STATE_FILE"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, json.writeValueAsString(state));
    }
}
