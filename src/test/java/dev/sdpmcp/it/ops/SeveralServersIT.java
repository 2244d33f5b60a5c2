package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.it.support.Db;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.ModernMcp;
import dev.sdpmcp.it.support.RawMcp;
import dev.sdpmcp.it.support.RawSse;
import dev.sdpmcp.it.support.RoundRobinProxy;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.SecondServer;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ToolTestBase;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Servers on one PostgreSQL (deployment guide §8): the Arquillian-managed server A and {@link SecondServer}s B and C,
 * all using A's simulators, so Zoho and ServiceDesk Plus are one for all, as in production. Whatever a user owns is
 * in the database, so it does not matter which server a request reaches; the stateless protocol needs no affinity at
 * all, which a round-robin proxy over the three shows.
 */
@RunsOnPostgresql
class SeveralServersIT extends ToolTestBase {

    private static SecondServer b;
    private static SecondServer c;

    @BeforeEach
    void startServerB() {
        if (b == null) {
            int port = Integer.parseInt(System.getenv("SDP_HTTP_PORT")) + 2;
            b = SecondServer.start("multi-test", port, SecondServer.sharingSandboxOf(uri("")));
        }
    }

    /** A third server, started by the first test that needs it. */
    private SecondServer c() {
        if (c == null) {
            int port = Integer.parseInt(System.getenv("SDP_HTTP_PORT")) + 8;
            c = SecondServer.start("multi-test-c", port, SecondServer.sharingSandboxOf(uri("")));
        }
        return c;
    }

    @AfterAll
    static void stopServers() {
        for (SecondServer server : java.util.Arrays.asList(b, c)) {
            if (server != null) {
                server.close();
                assertFalse(server.isRunning());
            }
        }
        b = null;
        c = null;
    }

    McpSyncClient onB(TestUsers who) {
        McpSyncClient onB = McpClients.sse(toUrl(b), who.headers());
        onB.initialize();
        return onB;
    }

    private static java.net.URL toUrl(SecondServer server) {
        try {
            return server.base().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    static CallToolResult listRequests(McpSyncClient on) {
        return on.callTool(new McpSchema.CallToolRequest("list_requests", Map.of("page_size", 1)));
    }

    @SuppressWarnings("unchecked")
    static int budgetLeft(McpSyncClient on) {
        var status = (Map<String, Object>) on.callTool(new McpSchema.CallToolRequest("check_auth_status", Map.of())).structuredContent();
        assertEquals(true, status.get("authorized"));
        return ((Number) status.get("refresh_budget_left")).intValue();
    }

    @Test
    void aUserAuthorizedThroughAUsesToolsThroughBWithoutAnotherTokenRequest() throws Exception {
        int tokenRequests = zoho().stat(user, "token_requests");
        CallToolResult onA = listRequests(client);
        assertFalse(Boolean.TRUE.equals(onA.isError()), text(onA));
        try (McpSyncClient onB = onB(user)) {
            for (int i = 0; i < 3; i++) {
                CallToolResult result = listRequests(onB);
                assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
            }
            assertEquals(budgetLeft(client), budgetLeft(onB), "both servers count the same token requests");
        }
        assertEquals(tokenRequests, zoho().stat(user, "token_requests"), "B used the access token A stored: nothing reached Zoho");
        assertEquals(1, zoho().stat(user, "code_exchanges"), "authorized once, through A");
        // the usage rows of both servers: one list_requests on A, three on B (each server writes its own rows)
        List<String> usage = Db.awaitRows("usage_log", 4, "client_hash = ? AND tool_name = 'list_requests'", user.clientHash());
        assertEquals(4, usage.size(), usage.toString());
        assertEquals(1, usage.stream().filter(row -> row.contains("transport=streamable")).count(), usage.toString());
        assertEquals(3, usage.stream().filter(row -> row.contains("transport=sse")).count(), usage.toString());
    }

    @Test
    void tokenRequestsSpentOnACountOnB() {
        // Each forced renewal: Zoho expires the access tokens, ServiceDesk Plus refuses the held one, the server renews.
        for (int i = 0; i < 3; i++) {
            zoho().expireAccessTokens(user);
            CallToolResult result = listRequests(client);
            assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
        }
        int left = budgetLeft(client);
        assertTrue(left > 0 && left < 10, "A spent some of the budget: " + left);
        int before = zoho().stat(user, "token_requests");
        try (McpSyncClient onB = onB(user)) {
            assertEquals(left, budgetLeft(onB), "B sees what A spent");
            for (int i = 0; i < left; i++) {
                zoho().expireAccessTokens(user);
                CallToolResult result = listRequests(onB);
                assertFalse(Boolean.TRUE.equals(result.isError()), "renewal " + (i + 1) + " of " + left + ": " + text(result));
            }
            zoho().expireAccessTokens(user);
            CallToolResult refused = listRequests(onB);
            assertTrue(Boolean.TRUE.equals(refused.isError()), text(refused));
            assertTrue(text(refused).contains("budget of 10 token requests") && text(refused).contains("shared by every server"),
                    text(refused));
            assertEquals(0, budgetLeft(client), "A, which made the first renewals, sees the budget spent too");
        }
        assertEquals(left, zoho().stat(user, "token_requests") - before, "B renewed exactly what A had left, no more");
    }

    @Test
    void simultaneousRenewalsOnBothServersMakeOneTokenRequest() throws Exception {
        List<McpSyncClient> clients = new ArrayList<>(List.of(client, onB(user), McpClients.streamable(toUrl(b), user.headers())));
        clients.get(2).initialize();
        for (McpSyncClient each : clients) {
            assertFalse(Boolean.TRUE.equals(listRequests(each).isError())); // every client's server holds the token now
        }
        zoho().expireAccessTokens(user);
        int before = zoho().stat(user, "token_requests");
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CallToolResult>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            McpSyncClient each = clients.get(i % clients.size());
            calls.add(pool.submit(() -> {
                go.await();
                return listRequests(each);
            }));
        }
        go.countDown();
        try {
            for (Future<CallToolResult> call : calls) {
                CallToolResult result = call.get(120, TimeUnit.SECONDS);
                assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
            }
        } finally {
            pool.shutdownNow();
            clients.subList(1, clients.size()).forEach(McpSyncClient::close);
        }
        assertEquals(1, zoho().stat(user, "token_requests") - before, "one renewal for both servers (the row lock)");
        assertEquals(1, Db.rows("oauth_token_events", "client_id = ? AND event = 'refresh'", user.clientId()).size());
    }

    /** A round-robin proxy over A, B and C, with no affinity of any kind. */
    private RoundRobinProxy threeServers() {
        return RoundRobinProxy.over(uri(""), b.base(), c().base());
    }

    private static boolean failed(JsonNode result) {
        return result.path("isError").asBoolean();
    }

    @Test
    void everyStatelessCallSucceedsOnWhicheverOfThreeServersItLands() {
        try (RoundRobinProxy proxy = threeServers()) {
            URI any = proxy.base();
            List<Map<String, String>> lists = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                JsonNode discovered = ModernMcp.result(ModernMcp.post(any, user.headers(), "server/discover", null, Map.of()));
                assertTrue(discovered.path("supportedVersions").toString().contains(ModernMcp.VERSION), discovered.toString());
                Map<String, String> tools = new java.util.LinkedHashMap<>();
                ModernMcp.result(ModernMcp.post(any, user.headers(), "tools/list", null, Map.of())).path("tools")
                        .forEach(tool -> tools.put(tool.path("name").asText(), tool.toString()));
                lists.add(tools);
            }
            for (Map<String, String> other : lists.subList(1, 3)) {
                assertEquals(lists.get(0).keySet().stream().toList(), other.keySet().stream().toList(), "every server lists the same tools");
                lists.get(0).forEach((name, tool) -> assertEquals(tool, other.get(name), name + " as two servers list it"));
            }
            String id = ModernMcp.call(any, user.headers(), "create_request", Map.of("subject", "Made on one, read on all"))
                    .path("structuredContent").path("request").path("id").asText();
            assertFalse(id.isEmpty());
            for (int i = 0; i < 6; i++) {
                JsonNode read = ModernMcp.call(any, user.headers(), "get_request", Map.of("request_id", id));
                assertFalse(failed(read), read.toString());
                assertTrue(read.toString().contains("Made on one, read on all"), read.toString());
            }
            JsonNode record = ModernMcp.result(ModernMcp.post(any, user.headers(), "resources/read", "sdp://requests/" + id,
                    Map.of("uri", "sdp://requests/" + id)));
            assertTrue(record.toString().contains(id), record.toString());
            for (int server = 0; server < 3; server++) {
                assertTrue(proxy.served(server) >= 4, "14 requests in turn: server " + server + " answered its share: " + proxy.served(server));
            }
        }
    }

    @Test
    void aSessionThatLivesOnAnotherServerIsAnswered404SoTheClientStartsANewOne() {
        String onA = RawMcp.initializeStreamable(uri(""), user);
        HttpResponse<String> elsewhere = Http.send("POST", b.uri("/mcp"), RawMcp.streamableHeaders(user, onA), RawMcp.TOOLS_LIST);
        assertEquals(404, elsewhere.statusCode(), elsewhere.body());
        assertEquals(200, Http.send("POST", uri("/mcp"), RawMcp.streamableHeaders(user, onA), RawMcp.TOOLS_LIST).statusCode());
        try (RawSse sse = RawSse.open(uri(""), "/sse", user.headers())) {
            HttpResponse<String> message = Http.send("POST", b.uri(sse.endpoint()), Http.with(user.headers(), "Content-Type",
                    "application/json"), RawMcp.INITIALIZE.formatted("2024-11-05"));
            assertEquals(404, message.statusCode(), message.body());
        }
    }

    @Test
    void aConfirmationIssuedByOneServerIsAcceptedOnceByAnother() {
        try (RoundRobinProxy proxy = threeServers()) {
            URI any = proxy.base();
            // a client that can ask its user: the question on one server, the answer on the next
            String asked = ModernMcp.call(any, user.headers(), "create_request", Map.of("subject", "Asked on one, deleted on another"))
                    .path("structuredContent").path("request").path("id").asText();
            Map<String, Object> delete = Map.of("name", "delete_request", "arguments", Map.of("request_id", asked));
            JsonNode question = ModernMcp.result(ModernMcp.post(any, user.headers(), "tools/call", "delete_request", delete, ModernMcp.ASKS));
            String state = question.path("requestState").asText();
            assertFalse(state.isEmpty(), question.toString());
            Map<String, Object> agreed = ModernMcp.answering(delete, state, true);
            JsonNode done = ModernMcp.result(ModernMcp.post(any, user.headers(), "tools/call", "delete_request", agreed, ModernMcp.ASKS));
            assertFalse(failed(done), "another server accepted the state sealed by the first: " + done);
            JsonNode replayed = ModernMcp.result(ModernMcp.post(any, user.headers(), "tools/call", "delete_request", agreed, ModernMcp.ASKS));
            assertTrue(failed(replayed) && replayed.toString().contains("used already"), "a third refuses it: " + replayed);
            assertEquals(1, sdp().trashed(user, asked));

            // a client that cannot ask: the preview's confirmation from one server, used on another, once
            String previewed = ModernMcp.call(any, user.headers(), "create_request", Map.of("subject", "Previewed on one"))
                    .path("structuredContent").path("request").path("id").asText();
            JsonNode preview = ModernMcp.call(any, user.headers(), "delete_request", Map.of("request_id", previewed));
            assertTrue(failed(preview), preview.toString());
            Map<String, Object> confirmed = Map.of("request_id", previewed,
                    "confirmation", confirmation(preview.path("content").get(0).path("text").asText()));
            JsonNode deleted = ModernMcp.call(any, user.headers(), "delete_request", confirmed);
            assertFalse(failed(deleted), deleted.toString());
            JsonNode again = ModernMcp.call(any, user.headers(), "delete_request", confirmed);
            assertTrue(failed(again) && again.toString().contains("used already"), again.toString());
            assertEquals(1, sdp().trashed(user, previewed));
        }
    }

    @Test
    void oneTokenRenewalPerUserAcrossThreeServers() throws Exception {
        TestUsers other = authorizedUser();
        List<TestUsers> users = List.of(user, other);
        try (RoundRobinProxy proxy = threeServers()) {
            URI any = proxy.base();
            Map<TestUsers, Integer> before = new HashMap<>();
            for (TestUsers each : users) {
                for (int i = 0; i < 3; i++) {
                    assertFalse(failed(ModernMcp.call(any, each.headers(), "list_requests", Map.of("page_size", 1))));
                }
                zoho().expireAccessTokens(each);
                before.put(each, zoho().stat(each, "token_requests"));
            }
            ExecutorService pool = Executors.newFixedThreadPool(12);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < 18; i++) {
                TestUsers each = users.get(i % 2);
                calls.add(pool.submit(() -> {
                    go.await();
                    return ModernMcp.call(any, each.headers(), "list_requests", Map.of("page_size", 1));
                }));
            }
            go.countDown();
            try {
                for (Future<JsonNode> call : calls) {
                    JsonNode result = call.get(120, TimeUnit.SECONDS);
                    assertFalse(failed(result), result.toString());
                }
            } finally {
                pool.shutdownNow();
            }
            for (TestUsers each : users) {
                assertEquals(1, zoho().stat(each, "token_requests") - before.get(each), "one renewal for three servers");
                assertEquals(1, Db.rows("oauth_token_events", "client_id = ? AND event = 'refresh'", each.clientId()).size());
            }
        }
    }
}
