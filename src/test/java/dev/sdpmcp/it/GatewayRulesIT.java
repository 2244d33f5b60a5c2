package dev.sdpmcp.it;

import static dev.sdpmcp.it.support.Http.with;
import static dev.sdpmcp.it.support.RawMcp.INITIALIZE;
import static dev.sdpmcp.it.support.RawMcp.JSON_POST;
import static dev.sdpmcp.it.support.RawMcp.streamableHeaders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.it.support.ClientTestBase;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.RawMcp;
import dev.sdpmcp.it.support.RawSse;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules every request meets before the MCP SDK sees it, checked from outside over plain HTTP. */
@RunsOnPostgresql
class GatewayRulesIT extends ClientTestBase {

    static final ObjectMapper JSON = new ObjectMapper();

    // --- 401: credentials on every request, before any session exists

    @ParameterizedTest
    @ValueSource(strings = {"GET /sse", "POST /messages?sessionId=x", "POST /mcp", "GET /mcp", "DELETE /mcp"})
    void withoutCredentialsEveryEndpointAnswers401WithSetupHelp(String request) throws Exception {
        String[] parts = request.split(" ");
        HttpResponse<String> response = Http.send(parts[0], uri(parts[1]), JSON_POST,
                "POST".equals(parts[0]) ? INITIALIZE.formatted("2025-11-25") : null);
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertEquals("missing_credentials", error.path("data").path("reason").asText());
        JsonNode entry = error.path("data").path("mcp_json").path("mcpServers").path("service-desk-plus");
        assertEquals("${SDP_CLIENT_ID}", entry.path("headers").path("X-SDP-Client-Id").asText());
        assertEquals("${SDP_CLIENT_SECRET}", entry.path("headers").path("X-SDP-Client-Secret").asText());
        assertTrue(entry.path("url").asText().endsWith(parts[1].startsWith("/mcp") ? "/mcp" : "/sse"));
        assertTrue(error.path("data").path("how_to_fix").asText().contains("\"env\" does not work"));
        assertNoStackTrace(response.body());
    }

    @Test
    void malformedCredentialsAreRefusedWithTheReason() throws Exception {
        TestUsers user = TestUsers.fresh();
        Map<String, Map<String, String>> cases = Map.of(
                "incomplete_credentials", Map.of("X-SDP-Client-Id", user.clientId()),
                "unexpanded_variable", Map.of("X-SDP-Client-Id", "${SDP_CLIENT_ID}", "X-SDP-Client-Secret", "${SDP_CLIENT_SECRET}"),
                "invalid_client_id", Map.of("X-SDP-Client-Id", "not-a-client-id", "X-SDP-Client-Secret", user.clientSecret()),
                "invalid_client_secret", Map.of("X-SDP-Client-Id", user.clientId(), "X-SDP-Client-Secret", "short"),
                "malformed_credentials", Map.of("Authorization", "Basic %%%not-base64"));
        for (var entry : cases.entrySet()) {
            HttpResponse<String> response = Http.send("GET", uri("/sse"), entry.getValue(), null);
            assertEquals(401, response.statusCode(), entry.getKey());
            assertEquals(entry.getKey(), JSON.readTree(response.body()).path("error").path("data").path("reason").asText());
        }
        // header names are case-insensitive
        HttpResponse<String> lower = Http.send("POST", uri("/mcp"), with(JSON_POST, "x-sdp-client-id", user.clientId(),
                "x-sdp-client-secret", user.clientSecret()), INITIALIZE.formatted("2025-11-25"));
        assertEquals(200, lower.statusCode());
    }

    @Test
    void aResponseToNothingOnASessionIsAcceptedWithoutABody() throws Exception {
        TestUsers user = TestUsers.fresh();
        String session = RawMcp.initializeStreamable(uri(""), user);
        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpClient http = HttpClient.newBuilder().version(version).build();
            // an HTTP/2 client upgrades its connection on this first request (h2c); the answer below then goes over HTTP/2
            http.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.discarding());
            HttpRequest.Builder post = HttpRequest.newBuilder(uri("/mcp")).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":\"never-asked\",\"result\":{}}"));
            streamableHeaders(user, session).forEach(post::header);
            // JSON-RPC ignores it; the spec answers an accepted response with 202 and no body (which must end, too)
            HttpResponse<String> answer = http.sendAsync(post.build(), HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
            assertEquals(202, answer.statusCode(), version + ": " + answer.body());
            assertEquals("", answer.body(), version.toString());
        }
    }

    // --- 404 for OAuth discovery, before the credential check

    @ParameterizedTest
    @ValueSource(strings = {"/.well-known/oauth-protected-resource/sse", "/.well-known/oauth-protected-resource",
            "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration", "/sse/.well-known/x"})
    void oauthDiscoveryIsAPlain404WithoutCredentials(String path) {
        HttpResponse<String> response = Http.send("GET", uri(path), Map.of(), null);
        assertEquals(404, response.statusCode());
        assertFalse(response.body().contains("credentials"));
    }

    @Test
    void dynamicClientRegistrationIsAPlain404() {
        HttpResponse<String> response = Http.send("POST", uri("/register"), Map.of("Content-Type", "application/json"), "{}");
        assertEquals(404, response.statusCode());
    }

    // --- 403 for a foreign Origin; none or an allowed one passes

    @Test
    void foreignOriginIsRefusedAndAllowedOriginPasses() {
        TestUsers user = TestUsers.fresh();
        assertEquals(403, Http.send("GET", uri("/sse"), with(user.headers(), "Origin", "http://evil.example"), null).statusCode());
        assertEquals(403, Http.send("POST", uri("/mcp"), with(with(JSON_POST, "Origin", "http://evil.example"),
                "X-SDP-Client-Id", user.clientId(), "X-SDP-Client-Secret", user.clientSecret()), INITIALIZE.formatted("2025-11-25")).statusCode());
        try (RawSse allowed = RawSse.open(uri(""), "/sse", with(user.headers(), "Origin", "http://allowed.example"))) {
            assertEquals(200, allowed.status());
        }
    }

    // --- sessions are bound to the user who opened them

    @Test
    void sseSessionOfAnotherUserIs403AndUnknownSessionIs404() {
        TestUsers owner = TestUsers.fresh();
        TestUsers intruder = TestUsers.fresh();
        try (RawSse sse = RawSse.open(uri(""), "/sse", owner.headers())) {
            String endpoint = sse.endpoint();
            HttpResponse<String> foreign = Http.send("POST", uri(endpoint), with(intruder.headers(), "Content-Type", "application/json"),
                    INITIALIZE.formatted("2024-11-05"));
            assertEquals(403, foreign.statusCode());
            assertNoStackTrace(foreign.body());
            HttpResponse<String> own = Http.send("POST", uri(endpoint), with(owner.headers(), "Content-Type", "application/json"),
                    INITIALIZE.formatted("2024-11-05"));
            assertTrue(own.statusCode() == 200 || own.statusCode() == 202, "owner's POST: " + own.statusCode());
            assertNotNull(sse.awaitLine("\"protocolVersion\"", 5000), "the initialize answer arrives on the stream");
        }
        HttpResponse<String> unknown = Http.send("POST", uri("/messages?sessionId=8d6f0b8e-0000-4000-8000-000000000000"),
                with(owner.headers(), "Content-Type", "application/json"), INITIALIZE.formatted("2024-11-05"));
        assertEquals(404, unknown.statusCode());
    }

    @Test
    void streamableSessionOfAnotherUserIs403AndUnknownSessionIs404() {
        TestUsers owner = TestUsers.fresh();
        TestUsers intruder = TestUsers.fresh();
        String session = initializeStreamable(owner);
        String list = RawMcp.TOOLS_LIST;
        HttpResponse<String> foreign = Http.send("POST", uri("/mcp"), with(with(JSON_POST, "Mcp-Session-Id", session),
                "X-SDP-Client-Id", intruder.clientId(), "X-SDP-Client-Secret", intruder.clientSecret()), list);
        assertEquals(403, foreign.statusCode());
        HttpResponse<String> own = Http.send("POST", uri("/mcp"), streamableHeaders(owner, session), list);
        assertEquals(200, own.statusCode());
        assertTrue(own.body().contains("check_auth_status"));
        HttpResponse<String> unknown = Http.send("POST", uri("/mcp"), streamableHeaders(owner, "no-such-session"), list);
        assertEquals(404, unknown.statusCode());
    }

    // --- bad input

    @Test
    void bodiesOverTheCapAre413WithAMessage() {
        TestUsers user = TestUsers.fresh();
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"pad\":\"" + "x".repeat(70_000) + "\"}}";
        HttpResponse<String> declared = Http.send("POST", uri("/mcp"), with(JSON_POST, "X-SDP-Client-Id", user.clientId(),
                "X-SDP-Client-Secret", user.clientSecret()), huge);
        assertEquals(413, declared.statusCode());
        assertTrue(declared.body().contains("SDP_MAX_REQUEST_BYTES"));
        HttpResponse<String> chunked = Http.postChunked(uri("/mcp"), with(JSON_POST, "X-SDP-Client-Id", user.clientId(),
                "X-SDP-Client-Secret", user.clientSecret()), new ByteArrayInputStream(huge.getBytes()));
        assertEquals(413, chunked.statusCode());
    }

    @Test
    void malformedJsonIsAParseErrorOnBothTransports() throws Exception {
        TestUsers user = TestUsers.fresh();
        HttpResponse<String> streamable = Http.send("POST", uri("/mcp"), with(JSON_POST, "X-SDP-Client-Id", user.clientId(),
                "X-SDP-Client-Secret", user.clientSecret()), "{\"jsonrpc\":\"2.0\", \"id\": 1, \"method\": ");
        assertEquals(400, streamable.statusCode());
        assertEquals(-32700, JSON.readTree(streamable.body()).path("error").path("code").asInt());
        try (RawSse sse = RawSse.open(uri(""), "/sse", user.headers())) {
            String endpoint = sse.endpoint();
            HttpResponse<String> legacy = Http.send("POST", uri(endpoint), with(user.headers(), "Content-Type", "application/json"), "not json at all");
            assertEquals(400, legacy.statusCode());
            assertEquals(-32700, JSON.readTree(legacy.body()).path("error").path("code").asInt());
            HttpResponse<String> notJsonRpc = Http.send("POST", uri(endpoint), with(user.headers(), "Content-Type", "application/json"), "{\"hello\":1}");
            assertEquals(400, notJsonRpc.statusCode());
            assertEquals(-32600, JSON.readTree(notJsonRpc.body()).path("error").path("code").asInt());
            HttpResponse<String> batch = Http.send("POST", uri(endpoint), with(user.headers(), "Content-Type", "application/json"), "[]");
            assertEquals(400, batch.statusCode());
            assertNoStackTrace(legacy.body() + notJsonRpc.body() + batch.body());
        }
    }

    @Test
    void unknownMethodIsMethodNotFoundOnBothTransports() {
        TestUsers user = TestUsers.fresh();
        String unknown = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"server/discover\"}";
        String session = initializeStreamable(user);
        HttpResponse<String> streamable = Http.send("POST", uri("/mcp"), streamableHeaders(user, session), unknown);
        assertTrue(streamable.body().contains("-32601"), streamable.body());
        try (RawSse sse = RawSse.open(uri(""), "/sse", user.headers())) {
            String endpoint = sse.endpoint();
            Http.send("POST", uri(endpoint), with(user.headers(), "Content-Type", "application/json"), INITIALIZE.formatted("2024-11-05"));
            assertNotNull(sse.awaitLine("\"protocolVersion\"", 5000));
            Http.send("POST", uri(endpoint), with(user.headers(), "Content-Type", "application/json"),
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            Http.send("POST", uri(endpoint), with(user.headers(), "Content-Type", "application/json"), unknown);
            assertNotNull(sse.awaitLine("-32601", 5000), "method-not-found answer on the stream");
        }
    }

    @Test
    void unsupportedProtocolVersionHeaderIs400() {
        TestUsers user = TestUsers.fresh();
        String session = initializeStreamable(user);
        HttpResponse<String> response = Http.send("POST", uri("/mcp"), with(streamableHeaders(user, session),
                "MCP-Protocol-Version", "1999-01-01"), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("1999-01-01"));
    }

    String initializeStreamable(TestUsers user) {
        return RawMcp.initializeStreamable(uri(""), user);
    }

    static void assertNoStackTrace(String body) {
        assertFalse(body.contains("\tat ") || body.contains("Exception") || body.contains(".java:"), "stack trace leaked: " + body);
    }
}
