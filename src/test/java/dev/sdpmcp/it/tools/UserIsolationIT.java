package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ToolTestBase;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two users working at the same time, one over each transport: every call reaches ServiceDesk Plus with the caller's
 * own token (the simulator records whose token made each call), and each sees what they made as theirs.
 */
@RunsOnPostgresql
class UserIsolationIT extends ToolTestBase {

    @Test
    void twoUsersAtOnceNeverShareTokensOrAnswers() throws Exception {
        TestUsers alice = user;
        TestUsers bob = authorizedUser();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> made = new ArrayList<>();
        try (McpSyncClient aliceClient = McpClients.sse(base, alice.headers()); McpSyncClient bobClient = McpClients.streamable(base, bob.headers())) {
            aliceClient.initialize();
            bobClient.initialize();
            for (int i = 0; i < 20; i++) {
                TestUsers who = i % 2 == 0 ? alice : bob;
                McpSyncClient via = i % 2 == 0 ? aliceClient : bobClient;
                String subject = "isolation " + who.clientId() + " #" + i;
                made.add(pool.submit(() -> {
                    var result = via.callTool(new McpSchema.CallToolRequest("create_request", Map.of("subject", subject)));
                    assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
                    @SuppressWarnings("unchecked")
                    Map<String, Object> request = (Map<String, Object>) ((Map<String, Object>) result.structuredContent()).get("request");
                    assertEquals(subject, request.get("subject"));
                    assertTrue(String.valueOf(request.get("created_by")).contains(who.clientId()), "made by its caller: " + request.get("created_by"));
                    via.callTool(new McpSchema.CallToolRequest("list_requests", Map.of("page_size", 2)));
                    return subject;
                }));
            }
            for (Future<String> future : made) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        for (TestUsers who : List.of(alice, bob)) {
            List<JsonNode> calls = sdp().log(who);
            assertTrue(calls.size() >= 20, "each user's calls are in the log: " + calls.size());
            for (JsonNode call : calls) {
                assertEquals(who.clientId(), call.path("client_id").asText(), "every call carried the caller's own token");
                String input = call.path("input_data").toString();
                TestUsers other = who == alice ? bob : alice;
                assertFalse(input.contains(other.clientId()), "nothing of the other user in this user's calls: " + input);
            }
        }
    }
}
