package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.SecondServer;
import dev.sdpmcp.it.support.ToolTestBase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SDP_BASE_URL as operators get it right and wrong, on a {@link SecondServer} using this server's simulators: the API
 * base itself ({domain}/api/v3, for sites without /app/{portal}) works; a wrong base, which answers the site's HTML
 * login page, gets a message naming the URL tried and what to set, on every call, and never pauses calls.
 */
@RunsOnPostgresql
class ApiBaseIT extends ToolTestBase {

    static int port() {
        return Integer.parseInt(System.getenv("SDP_HTTP_PORT")) + 6;
    }

    String simulator() {
        return uri("").toString().replaceAll("/$", "") + "/sandbox/sdp";
    }

    SecondServer start(String name, String baseUrl, String instance) {
        Map<String, String> settings = new HashMap<>(SecondServer.sharingSandboxOf(uri("")));
        settings.put("SDP_BASE_URL", baseUrl);
        settings.put("SDP_INSTANCE_NAME", instance); // empty: unset
        return SecondServer.start(name, port(), settings);
    }

    void connect(SecondServer server) throws Exception {
        user = authorizedUser(server.base(), zoho());
        client.close();
        client = McpClients.streamable(server.base().toURL(), user.headers());
        client.initialize();
    }

    @Test
    void theApiBaseItselfCanBeConfigured() throws Exception {
        try (SecondServer server = start("sdp-api-base", simulator() + "/api/v3", "")) {
            connect(server);
            String id = created("create_request", "request", Map.of("subject", "Reached at the short base"));
            assertEquals("Reached at the short base", name(entity(ok("get_request", Map.of("request_id", id)), "request"), "subject"));
            List<JsonNode> calls = sdp().log(user);
            assertFalse(calls.isEmpty());
            for (JsonNode call : calls) {
                assertTrue(call.path("path").asText().startsWith("/api/v3/"), call.toString());
                assertEquals("itdesk", call.path("portal").asText(), "the simulator's default portal");
            }
            assertTrue(server.logText().contains("ServiceDesk Plus: " + simulator() + "/api/v3"), "banner in " + server.log());
        }
    }

    @Test
    void aWrongBaseIsSaidEveryTimeAndNeverPausesCalls() throws Exception {
        String wrong = simulator() + "/helpdesk";
        try (SecondServer server = start("sdp-wrong-base", wrong, "ittest")) {
            connect(server);
            String tried = wrong + "/app/ittest/api/v3/requests";
            for (int i = 0; i < 12; i++) { // more than the circuit's window of 10 calls
                String message = error("list_requests", Map.of());
                assertTrue(message.contains(tried) && message.contains("HTML") && message.contains("SDP_BASE_URL=")
                        && message.contains("/api/v3"), message);
            }
            List<JsonNode> calls = sdp().log(user);
            assertEquals(12, calls.size(), "each call once, never retried: " + calls);
            calls.forEach(call -> assertEquals(200, call.path("status").asInt(), "the login page: " + call));
            HttpResponse<String> health = Http.send("GET", server.uri("/admin/health"), Map.of("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString("ops-admin:ops-admin-password".getBytes(StandardCharsets.UTF_8))), null);
            JsonNode circuit = new ObjectMapper().readTree(health.body()).path("servicedesk-circuit");
            assertEquals("closed", circuit.path("state").asText(), health.body());
            assertFalse(health.body().isEmpty());
        }
    }
}
