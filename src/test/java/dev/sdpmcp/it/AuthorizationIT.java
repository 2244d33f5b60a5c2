package dev.sdpmcp.it;

import static dev.sdpmcp.it.support.Http.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The three ways to authorize, the secret check, revocation and what lands in PostgreSQL — from outside, against the
 * sandbox's Zoho simulator (reached through SDP_ACCOUNTS_URL).
 */
@RunsOnPostgresql
class AuthorizationIT extends ClientTestBase {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");

    ZohoSim zoho() {
        return new ZohoSim(uri(""));
    }

    CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    static String text(CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(McpSyncClient client) {
        return (Map<String, Object>) client.callTool(new McpSchema.CallToolRequest("check_auth_status", Map.of())).structuredContent();
    }

    @Test
    void authorizeToolExchangesAGrantCodeAndTheStatusShowsIt() {
        TestUsers user = TestUsers.fresh();
        try (McpSyncClient sse = McpClients.sse(base, user.headers()); McpSyncClient mcp = McpClients.streamable(base, user.headers())) {
            sse.initialize();
            mcp.initialize();
            Map<String, Object> before = status(mcp);
            assertEquals(false, before.get("authorized"));
            String steps = before.get("next_steps").toString();
            assertTrue(steps.contains("authorize tool") && steps.contains("/setup") && steps.contains("X-SDP-Refresh-Token"), steps);

            CallToolResult refused = call(sse, "authorize", Map.of("code", "1000.not.a-real-code"));
            assertTrue(refused.isError());
            assertTrue(text(refused).contains("invalid_c"), text(refused));

            CallToolResult authorized = call(sse, "authorize", Map.of("code", zoho().grantCode(user)));
            assertFalse(Boolean.TRUE.equals(authorized.isError()), text(authorized));
            Map<String, Object> after = status(mcp);
            assertEquals(true, after.get("authorized"));
            assertEquals("US", after.get("data_center"));
            assertEquals(8, ((Number) after.get("refresh_budget_left")).intValue(), "two token requests so far");
            assertEquals("closed", after.get("circuit"));
            assertEquals(2, zoho().stat(user, "code_exchanges"));
        }
    }

    @Test
    void authorizeRefusesAnotherDataCenterAndUnknownCodes() {
        TestUsers user = TestUsers.fresh();
        try (McpSyncClient client = McpClients.streamable(base, user.headers())) {
            client.initialize();
            CallToolResult otherDc = call(client, "authorize", Map.of("code", zoho().grantCode(user), "data_center", "EU"));
            assertTrue(otherDc.isError());
            assertTrue(text(otherDc).contains("api-console.zoho.com"), text(otherDc));
            CallToolResult unknownDc = call(client, "authorize", Map.of("code", zoho().grantCode(user), "data_center", "mars"));
            assertTrue(unknownDc.isError());
            assertTrue(text(unknownDc).contains("US, EU, IN"), text(unknownDc));
            assertEquals(0, zoho().stat(user, "token_requests"), "nothing reached Zoho");
        }
    }

    @Test
    void setupRestEndpointAndPageAuthorizeToo() throws Exception {
        TestUsers user = TestUsers.fresh();
        String code = zoho().grantCode(user);
        String body = "{\"clientId\":\"" + user.clientId() + "\",\"clientSecret\":\"" + user.clientSecret() + "\",\"authCode\":\"" + code + "\"}";
        HttpResponse<String> ok = Http.send("POST", uri("/oauth/setup"), JSON_BODY, body);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("authorized", JSON.readTree(ok.body()).path("status").asText());
        assertFalse(ok.body().contains(user.clientSecret()));

        HttpResponse<String> reused = Http.send("POST", uri("/oauth/setup"), JSON_BODY, body);
        assertEquals(400, reused.statusCode());
        assertEquals("refused", JSON.readTree(reused.body()).path("error").asText());
        assertTrue(JSON.readTree(reused.body()).path("message").asText().contains("invalid_code"));
        HttpResponse<String> incomplete = Http.send("POST", uri("/oauth/setup"), JSON_BODY, "{\"clientId\":\"" + user.clientId() + "\"}");
        assertEquals(400, incomplete.statusCode());
        HttpResponse<String> garbage = Http.send("POST", uri("/oauth/setup"), JSON_BODY, "{nope");
        assertEquals(400, garbage.statusCode());

        try (McpSyncClient client = McpClients.sse(base, user.headers())) {
            client.initialize();
            assertEquals(true, status(client).get("authorized"));
        }
        HttpResponse<String> page = Http.send("GET", uri("/setup/"), Map.of(), null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Authorize this server") && page.body().contains("/oauth/setup"));
        JsonNode info = JSON.readTree(Http.send("GET", uri("/oauth/info"), Map.of(), null).body());
        assertTrue(info.path("sandbox").asBoolean());
        assertTrue(info.path("scopes").asText().contains("SDPOnDemand.requests.ALL"));
        assertEquals(9, info.path("data_centers").size());
    }

    @Test
    void aRefreshTokenHeaderIsCheckedWithZohoAndStoredOnFirstUse() throws Exception {
        TestUsers user = TestUsers.fresh();
        String refreshToken = zoho().refreshTokenByHand(user);
        Map<String, String> headers = with(user.headers(), "X-SDP-Refresh-Token", refreshToken);
        try (McpSyncClient client = McpClients.streamable(base, headers)) {
            client.initialize();
            assertEquals(true, status(client).get("authorized"));
            assertEquals(true, status(client).get("authorized"));
        }
        assertEquals(1, zoho().stat(user, "refreshes"), "checked with Zoho exactly once");
        assertEquals(1, Db.rows("oauth_tokens", "client_id = ?", user.clientId()).size());
        // without the header afterwards, the stored authorization serves
        try (McpSyncClient client = McpClients.sse(base, user.headers())) {
            client.initialize();
            assertEquals(true, status(client).get("authorized"));
        }
        TestUsers other = TestUsers.fresh();
        try (McpSyncClient client = McpClients.streamable(base, with(other.headers(), "X-SDP-Refresh-Token", "1000.0000.not-a-token"))) {
            client.initialize();
            Map<String, Object> refused = status(client);
            assertEquals(false, refused.get("authorized"));
        }
    }

    @Test
    void theWrongSecretIs401AndLeavesTheStoredRowsExactlyAsTheyWere() throws Exception {
        TestUsers user = TestUsers.fresh();
        authorizeByRest(user);
        List<String> tokensBefore = Db.rows("oauth_tokens", "client_id = ?", user.clientId());
        List<String> accessBefore = Db.rows("oauth_access_tokens", "client_id = ?", user.clientId());
        int zohoBefore = zoho().stat(user, "token_requests");

        TestUsers impostor = user.withSecret("ffffffffffffffffffffffffffffffffffffffffff");
        HttpResponse<String> sse = Http.send("GET", uri("/sse"), impostor.headers(), null);
        assertEquals(401, sse.statusCode());
        assertTrue(sse.body().contains("secret_mismatch"));
        HttpResponse<String> mcp = Http.send("POST", uri("/mcp"), with(RawMcp.JSON_POST, "X-SDP-Client-Id", impostor.clientId(),
                "X-SDP-Client-Secret", impostor.clientSecret()), RawMcp.INITIALIZE.formatted("2025-11-25"));
        assertEquals(401, mcp.statusCode());
        HttpResponse<String> basic = Http.send("GET", uri("/sse"), Map.of("Authorization", impostor.basicAuthorization()), null);
        assertEquals(401, basic.statusCode());
        HttpResponse<String> revoke = Http.send("DELETE", uri("/oauth/tokens"), impostor.headers(), null);
        assertEquals(401, revoke.statusCode());

        assertEquals(tokensBefore, Db.rows("oauth_tokens", "client_id = ?", user.clientId()));
        assertEquals(accessBefore, Db.rows("oauth_access_tokens", "client_id = ?", user.clientId()));
        assertEquals(zohoBefore, zoho().stat(user, "token_requests"));
        // the setup page is how an owner with a regenerated secret authorizes again, so Zoho judges the code; when it
        // refuses, the answer is 401 and the stored rows stay as they were
        HttpResponse<String> setup = Http.send("POST", uri("/oauth/setup"), Map.of("Content-Type", "application/json"),
                "{\"clientId\":\"" + impostor.clientId() + "\",\"clientSecret\":\"" + impostor.clientSecret()
                        + "\",\"authCode\":\"1000.0123456789abcdef.0123456789abcdef\"}");
        assertEquals(401, setup.statusCode(), setup.body());
        assertTrue(setup.body().contains("secret_mismatch"), setup.body());
        assertEquals(tokensBefore, Db.rows("oauth_tokens", "client_id = ?", user.clientId()));
        assertEquals(accessBefore, Db.rows("oauth_access_tokens", "client_id = ?", user.clientId()));
        try (McpSyncClient client = McpClients.sse(base, user.headers())) {
            client.initialize();
            assertEquals(true, status(client).get("authorized"), "the real user is unaffected");
        }
    }

    @Test
    void revokingByToolOrRestRevokesAtZohoAndDeletesTheRows() throws Exception {
        TestUsers user = TestUsers.fresh();
        authorizeByRest(user);
        try (McpSyncClient client = McpClients.streamable(base, user.headers())) {
            client.initialize();
            // this client cannot ask its user: the first call previews, the second carries the confirmation
            String preview = text(call(client, "revoke_authorization", Map.of()));
            assertTrue(preview.contains("Authorization: stored → deleted"), preview);
            assertEquals(0, zoho().stat(user, "revocations"), "nothing revoked before the user agreed");
            CallToolResult revoked = call(client, "revoke_authorization", Map.of("confirmation", confirmation(preview)));
            assertTrue(text(revoked).startsWith("Revoked at Zoho"), text(revoked));
            assertEquals(false, status(client).get("authorized"));
            // with nothing stored the caller is no longer authorized: only check_auth_status and authorize answer
            assertTrue(text(call(client, "revoke_authorization", Map.of())).startsWith("Not authorized"));
        }
        assertEquals(1, zoho().stat(user, "revocations"));
        assertTrue(Db.rows("oauth_tokens", "client_id = ?", user.clientId()).isEmpty());
        assertTrue(Db.rows("oauth_access_tokens", "client_id = ?", user.clientId()).isEmpty());
        assertEquals(1, Db.rows("oauth_token_events", "client_id = ? AND event = 'revoke' AND outcome = 'ok'", user.clientId()).size());

        authorizeByRest(user);
        HttpResponse<String> rest = Http.send("DELETE", uri("/oauth/tokens"), user.headers(), null);
        assertEquals(200, rest.statusCode(), rest.body());
        assertTrue(JSON.readTree(rest.body()).path("revoked_at_zoho").asBoolean());
        assertEquals(2, zoho().stat(user, "revocations"));
        assertEquals(0, zoho().stat(user, "revocations_in_url"), "the refresh token travels in the form body, not the URL");
        assertTrue(Db.rows("oauth_tokens", "client_id = ?", user.clientId()).isEmpty());
        assertEquals(404, Http.send("DELETE", uri("/oauth/tokens"), user.headers(), null).statusCode());
    }

    @Test
    void noSecretOrTokenIsStoredInPlainTextAndValuesNameTheirKey() throws Exception {
        TestUsers user = TestUsers.fresh();
        authorizeByRest(user);
        List<String> secrets = new java.util.ArrayList<>(zoho().tokens(user));
        assertFalse(secrets.isEmpty());
        secrets.add(user.clientSecret());
        String keyId = keyId(System.getenv("SDP_ENCRYPTION_KEY"));
        try (Connection db = Db.postgres(); Statement scan = db.createStatement()) {
            for (String table : List.of("oauth_tokens", "oauth_access_tokens", "oauth_token_events", "usage_log")) {
                try (ResultSet rows = scan.executeQuery("SELECT * FROM " + table)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int c = 1; c <= columns; c++) {
                            String value = rows.getString(c);
                            for (String secret : secrets) {
                                assertFalse(value != null && value.contains(secret), table + "." + rows.getMetaData().getColumnName(c) + " holds a secret");
                            }
                        }
                    }
                }
            }
        }
        String row = Db.rows("oauth_tokens", "client_id = ?", user.clientId()).get(0);
        assertTrue(row.contains("client_secret_encrypted=v1:" + keyId + ":"), row);
        assertTrue(row.contains("refresh_token_encrypted=v1:" + keyId + ":"), row);
        // the seed guide's monitoring queries
        try (Connection db = Db.postgres(); Statement query = db.createStatement()) {
            try (ResultSet rows = query.executeQuery("SELECT client_id, last_refreshed_at FROM oauth_tokens")) {
                assertTrue(rows.next());
            }
            query.executeUpdate("DELETE FROM oauth_access_tokens WHERE expires_at < NOW()");
        }
    }

    void authorizeByRest(TestUsers user) {
        HttpResponse<String> ok = Http.send("POST", uri("/oauth/setup"), JSON_BODY, "{\"clientId\":\"" + user.clientId()
                + "\",\"clientSecret\":\"" + user.clientSecret() + "\",\"authCode\":\"" + zoho().grantCode(user) + "\"}");
        assertEquals(200, ok.statusCode(), ok.body());
    }

    /** The key id KeyRing derives from a raw key: the first 8 hex digits of SHA-256("sdp-mcp key id" + key). */
    static String keyId(String base64Key) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update("sdp-mcp key id".getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest(Base64.getDecoder().decode(base64Key))).substring(0, 8);
    }
}
