package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.Db;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.SecondServer;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ToolTestBase;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
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
 * Two servers on one PostgreSQL (deployment guide §8): the Arquillian-managed server A and a {@link SecondServer} B,
 * both using A's simulators, so Zoho and ServiceDesk Plus are one for both, as in production. Whatever a user owns is
 * in the database, so it does not matter which server a request reaches.
 */
class SeveralServersIT extends ToolTestBase {

    private static SecondServer b;

    @BeforeEach
    void startServerB() {
        if (b == null) {
            int port = Integer.parseInt(System.getenv("SDP_HTTP_PORT")) + 2;
            b = SecondServer.start("multi-test", port, SecondServer.sharingSandboxOf(uri("")));
        }
    }

    @AfterAll
    static void stopServerB() {
        if (b != null) {
            b.close();
            assertFalse(b.isRunning());
            b = null;
        }
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
}
