package dev.sdpmcp.it.tools;

import static dev.sdpmcp.it.support.Http.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ToolTestBase;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** 100 tool calls at once from a user this server holds no access token for: one token request reaches Zoho. */
@RunsOnPostgresql
class ConcurrentCallsIT extends ToolTestBase {

    int hundredConcurrentCalls(Map<String, String> headers) throws Exception {
        // the portal's 600 calls a minute are shared with the tests before this one: these hundred test renewal, not that
        sdp().clearRateWindows();
        List<McpSyncClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            McpSyncClient client = i % 2 == 0 ? McpClients.streamable(base, headers) : McpClients.sse(base, headers);
            client.initialize();
            clients.add(client);
        }
        ExecutorService pool = Executors.newFixedThreadPool(100);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            McpSyncClient client = clients.get(i % clients.size());
            calls.add(pool.submit(() -> {
                start.await();
                var result = client.callTool(new McpSchema.CallToolRequest("list_requests", Map.of("page_size", 1)));
                assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
                return true;
            }));
        }
        start.countDown();
        for (Future<Boolean> call : calls) {
            call.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        clients.forEach(McpSyncClient::close);
        return calls.size();
    }

    @Test
    void aNewUserWithARefreshTokenHeaderMakesOneTokenRequestForAHundredCalls() throws Exception {
        TestUsers fresh = TestUsers.fresh();
        String refreshToken = zoho().refreshTokenByHand(fresh); // the user holds a refresh token; this server holds nothing
        int before = zoho().stat(fresh, "token_requests");
        assertEquals(100, hundredConcurrentCalls(with(fresh.headers(), "X-SDP-Refresh-Token", refreshToken)));
        assertEquals(1, zoho().stat(fresh, "token_requests") - before, "token requests that reached Zoho");
        zoho().tokens(fresh);
    }

    @Test
    void anExpiredAccessTokenIsRenewedOnceForAHundredCalls() throws Exception {
        zoho().expireAccessTokens(user); // ServiceDesk Plus now refuses the token this server holds in memory
        int before = zoho().stat(user, "token_requests");
        assertEquals(100, hundredConcurrentCalls(user.headers()));
        assertEquals(1, zoho().stat(user, "token_requests") - before, "one renewal for all the refused calls");
        zoho().tokens(user);
    }
}
