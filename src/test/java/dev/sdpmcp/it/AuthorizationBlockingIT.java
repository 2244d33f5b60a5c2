package dev.sdpmcp.it;

import static dev.sdpmcp.it.support.Http.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.ClientTestBase;
import dev.sdpmcp.it.support.Db;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RawMcp;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ZohoSim;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Someone who knows a client id but not its secret cannot keep the owner from authorizing: attempts this server cannot
 * verify (no stored authorization, or another secret) are counted per client id and offered secret, never in the
 * owner's budget (issue 10, item 5). From outside, through /oauth/setup, the authorize tool and X-SDP-Refresh-Token.
 */
@RunsOnPostgresql
class AuthorizationBlockingIT extends ClientTestBase {

    static final int BUDGET = 10; // SDP_TOKEN_BUDGET's default, which the test server keeps
    static final String JUNK_CODE = "1000.0123456789abcdef.0123456789abcdef";

    ZohoSim zoho() {
        return new ZohoSim(uri(""));
    }

    HttpResponse<String> setup(String clientId, String secret, String code) {
        return Http.send("POST", uri("/oauth/setup"), Map.of("Content-Type", "application/json"),
                "{\"clientId\":\"" + clientId + "\",\"clientSecret\":\"" + secret + "\",\"authCode\":\"" + code + "\"}");
    }

    static String randomSecret() {
        return TestUsers.fresh().clientSecret();
    }

    @Test
    void theOwnersFirstAuthorizationWorksHoweverManyJunkAttemptsCameBefore() throws Exception {
        TestUsers owner = TestUsers.fresh();
        for (int i = 0; i < 2 * BUDGET; i++) {
            assertEquals(400, setup(owner.clientId(), randomSecret(), JUNK_CODE).statusCode());
        }
        // one wrong secret, tried more often than a budget allows: refused here, with what to check
        String guessed = randomSecret();
        for (int i = 0; i < BUDGET; i++) {
            setup(owner.clientId(), guessed, JUNK_CODE);
        }
        int exchanges = zoho().stat(owner, "code_exchanges");
        HttpResponse<String> stopped = setup(owner.clientId(), guessed, JUNK_CODE);
        assertEquals(429, stopped.statusCode(), stopped.body());
        assertTrue(stopped.body().contains("check the secret"), stopped.body());
        assertEquals(exchanges, zoho().stat(owner, "code_exchanges"), "the refused attempt never reached Zoho");
        // the authorize tool and an offered refresh token, from callers nothing verifies
        TestUsers impostor = owner.withSecret(randomSecret());
        try (McpSyncClient client = McpClients.streamable(base, impostor.headers())) {
            client.initialize();
            for (int i = 0; i < BUDGET + 2; i++) {
                McpSchema.CallToolResult refused = client.callTool(new McpSchema.CallToolRequest("authorize", Map.of("code", JUNK_CODE)));
                assertTrue(refused.isError());
            }
        }
        for (int i = 0; i < BUDGET + 2; i++) {
            Http.send("POST", uri("/mcp"), with(RawMcp.JSON_POST, "X-SDP-Client-Id", owner.clientId(),
                    "X-SDP-Client-Secret", randomSecret(), "X-SDP-Refresh-Token", "1000.junk.refresh"),
                    RawMcp.INITIALIZE.formatted("2025-11-25"));
        }
        assertTrue(Db.rows("oauth_tokens", "client_id = ?", owner.clientId()).isEmpty());

        HttpResponse<String> authorized = setup(owner.clientId(), owner.clientSecret(), zoho().grantCode(owner));
        assertEquals(200, authorized.statusCode(), authorized.body());
        try (McpSyncClient client = McpClients.streamable(base, owner.headers())) {
            client.initialize();
            Map<?, ?> status = (Map<?, ?>) client.callTool(new McpSchema.CallToolRequest("check_auth_status", Map.of()))
                    .structuredContent();
            assertEquals(true, status.get("authorized"));
            assertEquals(BUDGET - 1, ((Number) status.get("refresh_budget_left")).intValue(),
                    "only the owner's own request counts in the owner's budget");
        }
    }

    @Test
    void junkWithOtherSecretsLeavesAnAuthorizedOwnersBudgetAndRowAlone() throws Exception {
        TestUsers owner = TestUsers.authorized(uri(""), zoho());
        List<String> rowBefore = Db.rows("oauth_tokens", "client_id = ?", owner.clientId());
        for (int i = 0; i < 2 * BUDGET; i++) {
            HttpResponse<String> junk = setup(owner.clientId(), randomSecret(), JUNK_CODE);
            assertEquals(401, junk.statusCode(), junk.body()); // another secret, and Zoho did not accept the code with it
        }
        assertEquals(rowBefore, Db.rows("oauth_tokens", "client_id = ?", owner.clientId()));
        try (McpSyncClient client = McpClients.streamable(base, owner.headers())) {
            client.initialize();
            Map<?, ?> status = (Map<?, ?>) client.callTool(new McpSchema.CallToolRequest("check_auth_status", Map.of()))
                    .structuredContent();
            assertEquals(BUDGET - 1, ((Number) status.get("refresh_budget_left")).intValue(), status.toString());
        }
        HttpResponse<String> again = setup(owner.clientId(), owner.clientSecret(), zoho().grantCode(owner));
        assertEquals(200, again.statusCode(), "the owner authorizes again: " + again.body());
    }
}
