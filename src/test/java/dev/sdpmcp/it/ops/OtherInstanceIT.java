package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.SecondServer;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ToolTestBase;
import dev.sdpmcp.zoho.ZohoEndpoints;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server pointed at another ServiceDesk Plus instance (SDP_BASE_URL and SDP_INSTANCE_NAME, as an operator sets
 * them): a {@link SecondServer} whose ServiceDesk Plus is the simulator's portal "otherportal", where every seeded
 * name has other ids than on this server's portal. What it sends carries that portal's ids (the predecessor
 * hard-coded one instance's), and with SDP_BASE_URL set its own sandbox is off.
 */
@RunsOnPostgresql
class OtherInstanceIT extends ToolTestBase {

    static final String OTHER = "otherportal";

    @Test
    void namesBecomeTheOtherInstancesIdsAndItsSandboxIsOff() throws Exception {
        Map<String, String> settings = new HashMap<>(SecondServer.sharingSandboxOf(uri("")));
        settings.put("SDP_INSTANCE_NAME", OTHER);
        settings.put("SDP_DATA_CENTER", "EU"); // a custom domain names its data center (the accounts URL stays the simulator)
        int port = Integer.getInteger("it.other.port", Integer.parseInt(System.getenv("SDP_HTTP_PORT")) + 4);
        // this instance lists its task statuses (the sandbox's portal does not): complete_task reads them
        sdp().rules(OTHER, "task_statuses_listed=true");
        try (SecondServer server = SecondServer.start("sdp-other-instance", port, settings)) {
            user = authorizedUser(server.base(), zoho());
            client.close();
            client = agreeingClient(server.base().toURL());

            String id = String.valueOf(entity(ok("create_request", Map.of("subject", "Scanner jams", "priority", "High")),
                    "request").get("id"));
            JsonNode priority = sent("POST", "/requests").path("request").path("priority");
            ok("close_request", Map.of("request_id", id, "resolution", "Cleaned the rollers", "closure_code", "Success"));
            JsonNode closureCode = sent("PUT", "/requests/" + id + "/close").path("request").path("closure_info").path("closure_code");
            String project = String.valueOf(entity(ok("create_project", Map.of("title", "Badge readers")), "project").get("id"));
            ok("create_milestone", Map.of("project_id", project, "title", "Installed"));
            String task = String.valueOf(entity(ok("create_task", Map.of("project_id", project, "title", "Mount the readers",
                    "milestone", "Installed")), "task").get("id"));
            assertEquals("Closed", name(entity(ok("complete_task", Map.of("project_id", project, "task_id", task)), "task"), "status"));
            JsonNode doneStatus = sent("PUT", "/tasks/" + task).path("task").path("status");
            assertEquals(lookupId(OTHER, "task_statuses", "Closed"), doneStatus.path("id").asText(), "by id: " + doneStatus);
            String hold = lookupId(OTHER, "task_statuses", "On Hold");
            ok("complete_task", Map.of("project_id", project, "task_id", task, "status", "on hold"));
            assertEquals(hold, sent("PUT", "/tasks/" + task).path("task").path("status").path("id").asText(), "a given name, looked up");

            List<JsonNode> calls = sdp().log(user);
            assertFalse(calls.isEmpty());
            calls.forEach(call -> assertEquals(OTHER, call.path("portal").asText(), "only the configured instance: " + call));

            String here = System.getenv("SDP_INSTANCE_NAME");
            assertEquals(lookupId(OTHER, "priorities", "High"), priority.path("id").asText(), "High as " + OTHER + " numbers it");
            assertNotEquals(lookupId(here, "priorities", "High"), priority.path("id").asText());
            assertEquals(lookupId(OTHER, "closure_codes", "Success"), closureCode.path("id").asText());
            assertNotEquals(lookupId(here, "closure_codes", "Success"), closureCode.path("id").asText());

            // The simulators answer here (the sandbox server) and are gone there (a real ServiceDesk Plus is configured).
            for (String path : List.of("/sandbox/sdp/_sim/log?client_id=" + user.clientId(),
                    "/sandbox/sdp/app/" + OTHER + "/api/v3/priorities", "/sandbox/zoho/_sim/stats?client_id=" + user.clientId())) {
                assertNotEquals(404, Http.send("GET", uri(path), Map.of(), null).statusCode(), path + " on the sandbox server");
                assertEquals(404, Http.send("GET", server.uri(path), Map.of(), null).statusCode(), path + " with SDP_BASE_URL set");
            }
            String log = server.logText();
            assertTrue(log.contains("ServiceDesk Plus: " + uri("/sandbox/sdp/app/" + OTHER + "/api/v3")), "banner in " + server.log());
            assertTrue(log.contains("Instance: " + OTHER), "banner in " + server.log());
            assertFalse(log.contains("SANDBOX"), "the banner does not claim the sandbox");

            // someone who has not authorized is told where to click and what to paste: their data center's console
            client.close();
            client = McpClients.streamable(server.base().toURL(), TestUsers.fresh().headers());
            client.initialize();
            CallToolResult refused = call("list_requests", Map.of());
            assertTrue(refused.isError());
            String steps = text(refused);
            assertTrue(steps.contains("https://api-console.zoho.eu"), steps);
            assertTrue(steps.contains(ZohoEndpoints.SCOPES), steps);
            assertTrue(steps.contains(server.base().toString().replaceAll("/$", "") + "/setup"), steps);
            assertFalse(steps.toLowerCase().contains("sandbox"), steps);
        }
    }
}
