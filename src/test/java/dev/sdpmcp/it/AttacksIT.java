package dev.sdpmcp.it;

import static dev.sdpmcp.it.support.Http.with;
import static dev.sdpmcp.it.support.RawMcp.INITIALIZE;
import static dev.sdpmcp.it.support.RawMcp.INITIALIZED;
import static dev.sdpmcp.it.support.RawMcp.JSON_POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.ClientTestBase;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RawSse;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.SdpSim;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ZohoSim;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an outside attacker who can reach the port tried, each refused: reading data other users' calls fetched,
 * reaching another user's SSE session, holding threads and sessions, and methods the MCP paths do not serve.
 */
@RunsOnPostgresql
class AttacksIT extends ClientTestBase {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/list\"}";

    private TestUsers authorized() {
        return TestUsers.authorized(uri(""), new ZohoSim(uri("")));
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    // --- 1. a caller without a stored authorization reaches nothing but check_auth_status and authorize

    @Test
    void unauthorizedCallerGetsNothingOtherUsersCallsCached() {
        TestUsers owner = authorized();
        List<String> lookups = List.of("get_technicians", "get_support_groups", "get_sites", "get_request_templates",
                "get_priorities", "get_statuses", "get_categories");
        List<String> ownerTexts = new ArrayList<>();
        try (McpSyncClient client = McpClients.streamable(base, owner.headers())) {
            client.initialize();
            for (String tool : lookups) {
                McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, Map.of()));
                assertFalse(Boolean.TRUE.equals(result.isError()), tool + ": " + text(result));
                ownerTexts.add(text(result));
            }
        }
        List<String> names = ownerTexts.stream().flatMap(t -> t.lines().skip(1))
                .map(line -> line.replaceFirst("^- ", "").replaceFirst(" \\[id .*", "").trim())
                .filter(line -> line.length() > 3).toList();
        assertTrue(names.size() > 5, "the owner's lists have names: " + names);
        TestUsers stranger = TestUsers.fresh();
        try (McpSyncClient client = McpClients.sse(base, stranger.headers())) {
            client.initialize();
            List<String> leaked = new ArrayList<>();
            for (String tool : lookups) {
                McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, Map.of()));
                String text = text(result);
                assertTrue(Boolean.TRUE.equals(result.isError()), tool + " answered a stranger: " + text);
                assertTrue(text.startsWith("Not authorized"), text);
                names.stream().filter(text::contains).forEach(name -> leaked.add(tool + ": " + name));
                assertNull(result.structuredContent(), tool);
            }
            // a name lookup's "not found" would list the known names: refused before it
            McpSchema.CallToolResult subcategories = client.callTool(new McpSchema.CallToolRequest("get_subcategories",
                    Map.of("category", "no such category")));
            assertTrue(Boolean.TRUE.equals(subcategories.isError()));
            names.stream().filter(text(subcategories)::contains).forEach(name -> leaked.add("get_subcategories: " + name));
            assertTrue(leaked.isEmpty(), "leaked to a caller without authorization: " + leaked);
            // the two tools meant for them work
            assertTrue(text(client.callTool(new McpSchema.CallToolRequest("check_auth_status", Map.of()))).contains("authorize"));
        }
        assertTrue(new SdpSim(uri("")).log(stranger).isEmpty(), "nothing reached ServiceDesk Plus for the stranger");
    }

    @Test
    void listsThatDependOnWhoAsksAreNotServedFromAnotherUsersCall() {
        TestUsers first = authorized();
        TestUsers second = authorized();
        for (TestUsers who : List.of(first, second)) {
            try (McpSyncClient client = McpClients.streamable(base, who.headers())) {
                client.initialize();
                for (String tool : List.of("get_technicians", "get_support_groups", "get_sites", "get_request_templates")) {
                    assertFalse(Boolean.TRUE.equals(client.callTool(new McpSchema.CallToolRequest(tool, Map.of())).isError()), tool);
                }
            }
        }
        List<String> secondsPaths = new SdpSim(uri("")).log(second).stream().map(e -> e.path("path").asText()).toList();
        for (String list : List.of("technicians", "support_groups", "sites", "request_templates")) {
            assertTrue(secondsPaths.stream().anyMatch(p -> p.endsWith("/" + list)),
                    list + " was fetched with the second user's own token, not served from the first's: " + secondsPaths);
        }
    }

    // --- 2. another user's legacy SSE session, reached through a parameter name the container decodes

    @ParameterizedTest
    @ValueSource(strings = {"session%49d", "%73essionId", "sessionI%64", "%73%65%73%73%69%6f%6e%49%64"})
    void encodedSessionIdNameCannotReachAnotherUsersStream(String disguisedName) throws Exception {
        TestUsers victim = authorized();
        TestUsers attacker = authorized();
        try (RawSse victimStream = RawSse.open(uri(""), "/sse", victim.headers());
                RawSse attackerStream = RawSse.open(uri(""), "/sse", attacker.headers())) {
            String victimId = victimStream.endpoint().replaceFirst(".*sessionId=", "");
            String attackerEndpoint = attackerStream.endpoint();
            String injected = "{\"jsonrpc\":\"2.0\",\"id\":\"INJECTED-" + disguisedName + "\",\"method\":\"initialize\",\"params\":{"
                    + "\"protocolVersion\":\"2024-11-05\",\"capabilities\":{},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}";
            Map<String, String> headers = with(attacker.headers(), "Content-Type", "application/json");
            HttpResponse<String> alone = Http.send("POST", uri("/messages?" + disguisedName + "=" + victimId), headers, injected);
            assertEquals(403, alone.statusCode(), alone.body());
            HttpResponse<String> beside = Http.send("POST", uri(attackerEndpoint + "&" + disguisedName + "=" + victimId), headers, injected);
            assertEquals(400, beside.statusCode(), beside.body());
            HttpResponse<String> before = Http.send("POST", uri("/messages?" + disguisedName + "=" + victimId + "&"
                    + attackerEndpoint.replaceFirst(".*\\?", "")), headers, injected);
            assertEquals(400, before.statusCode(), before.body());
            assertNull(victimStream.awaitLine("INJECTED", 2000), "nothing the attacker sent lands on the victim's stream");
        }
    }

    @Test
    void postToMessagesWithoutASessionIdIsRefused() {
        TestUsers user = authorized();
        HttpResponse<String> response = Http.send("POST", uri("/messages"), with(user.headers(), "Content-Type", "application/json"), PING);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("session_id_missing"), response.body());
    }

    // --- 3. every request is answered or refused within seconds

    @Test
    void requestsBeforeInitializeOnSseAreAnsweredAtOnce() throws Exception {
        TestUsers user = authorized();
        try (RawSse sse = RawSse.open(uri(""), "/sse", user.headers())) {
            String endpoint = sse.endpoint();
            Map<String, String> headers = with(user.headers(), "Content-Type", "application/json");
            for (String early : List.of(PING, TOOLS_LIST)) {
                HttpResponse<String> response = within(5, () -> Http.send("POST", uri(endpoint), headers, early));
                assertEquals(400, response.statusCode(), response.body());
                assertTrue(response.body().contains("session_not_initialized"), response.body());
            }
            within(5, () -> Http.send("POST", uri(endpoint), headers, INITIALIZE.formatted("2024-11-05")));
            assertNotNull(sse.awaitLine("\"protocolVersion\"", 5000));
            // answered, not yet initialized: the SDK would still hold a request
            assertEquals(400, within(5, () -> Http.send("POST", uri(endpoint), headers, PING)).statusCode());
            within(5, () -> Http.send("POST", uri(endpoint), headers, INITIALIZED));
            HttpResponse<String> ping = within(5, () -> Http.send("POST", uri(endpoint), headers, PING));
            assertTrue(ping.statusCode() == 200 || ping.statusCode() == 202, ping.statusCode() + " " + ping.body());
            assertNotNull(sse.awaitLine("\"id\":7", 5000), "the ping is answered on the stream");
        }
    }

    @Test
    void postToASessionWhoseClientJustLeftIsAnsweredAtOnce() throws Exception {
        TestUsers user = authorized();
        Map<String, String> headers = with(user.headers(), "Content-Type", "application/json");
        String endpoint;
        try (RawSse sse = RawSse.open(uri(""), "/sse", user.headers())) {
            endpoint = sse.endpoint();
            Http.send("POST", uri(endpoint), headers, INITIALIZE.formatted("2024-11-05"));
            assertNotNull(sse.awaitLine("\"protocolVersion\"", 5000));
            Http.send("POST", uri(endpoint), headers, INITIALIZED);
            sse.abort();
        }
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = within(5, () -> Http.send("POST", uri(endpoint), headers, PING));
            assertTrue(response.statusCode() == 202 || response.statusCode() == 200 || response.statusCode() == 404,
                    response.statusCode() + " " + response.body());
        }
    }

    // --- 4. only the methods each path serves

    @ParameterizedTest
    @ValueSource(strings = {"HEAD /sse", "POST /sse", "PUT /sse", "GET /messages", "PUT /messages", "OPTIONS /messages",
            "HEAD /mcp", "PUT /mcp", "PATCH /mcp", "OPTIONS /mcp"})
    void otherMethodsAre405AtOnceAndOpenNoSession(String request) throws Exception {
        TestUsers user = authorized();
        String[] parts = request.split(" ");
        int before = openSessions();
        HttpResponse<String> response = within(5, () -> Http.send(parts[0], uri(parts[1]),
                with(user.headers(), "Content-Type", "application/json", "Accept", "application/json, text/event-stream"),
                parts[0].equals("HEAD") || parts[0].equals("OPTIONS") ? null : PING));
        assertEquals(405, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Allow").isPresent());
        // other tests' sessions may still be ending, so the count can fall meanwhile; it must not rise
        int after = openSessions();
        assertTrue(after <= before, "a session was opened: " + before + " before, " + after + " after");
    }

    // --- 6. sessions are bounded per user

    @Test
    void oneUserCannotOpenMoreThanTheirShareOfSessions() {
        TestUsers user = TestUsers.fresh(); // not authorized either: the bound holds for any client id
        List<RawSse> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawSse sse = RawSse.open(uri(""), "/sse", user.headers());
                streams.add(sse);
                assertEquals(200, sse.status(), "stream " + (i + 1));
                sse.endpoint();
            }
            HttpResponse<String> sseExcess = Http.send("GET", uri("/sse"), with(user.headers(), "Accept", "text/event-stream"), null);
            assertEquals(429, sseExcess.statusCode(), sseExcess.body());
            assertTrue(sseExcess.body().contains("SDP_MAX_SESSIONS_PER_USER") && sseExcess.body().contains("Close"), sseExcess.body());
            assertTrue(sseExcess.headers().firstValue("Retry-After").isPresent());
            HttpResponse<String> streamableExcess = Http.send("POST", uri("/mcp"), with(JSON_POST, "X-SDP-Client-Id", user.clientId(),
                    "X-SDP-Client-Secret", user.clientSecret()), INITIALIZE.formatted("2025-11-25"));
            assertEquals(429, streamableExcess.statusCode(), streamableExcess.body());
            // someone else is not affected
            TestUsers other = TestUsers.fresh();
            try (RawSse theirs = RawSse.open(uri(""), "/sse", other.headers())) {
                assertEquals(200, theirs.status());
            }
            // a closed stream gives its room back
            streams.remove(0).abort();
            RawSse again = null;
            for (int attempt = 0; attempt < 40 && again == null; attempt++) {
                RawSse sse = RawSse.open(uri(""), "/sse", user.headers());
                if (sse.status() == 200) {
                    again = sse;
                } else {
                    sse.close();
                    sleep(250);
                }
            }
            assertNotNull(again, "the room of a closed stream is given back");
            streams.add(again);
        } finally {
            streams.forEach(RawSse::close);
        }
    }

    // --- 7. same-origin browser requests pass; other origins are checked as before

    @Test
    void sameOriginPassesAndForeignOriginsAreStillRefused() {
        TestUsers user = authorized();
        String own = "http://" + uri("").getHost() + ":" + uri("").getPort();
        Map<String, String> headers = with(JSON_POST, "X-SDP-Client-Id", user.clientId(), "X-SDP-Client-Secret", user.clientSecret());
        HttpResponse<String> same = Http.send("POST", uri("/mcp"), with(headers, "Origin", own), INITIALIZE.formatted("2025-11-25"));
        assertEquals(200, same.statusCode(), own + ": " + same.body());
        for (String foreign : List.of("http://evil.example", own.replace("http:", "https:"), own + "0", "null")) {
            assertEquals(403, Http.send("POST", uri("/mcp"), with(headers, "Origin", foreign), INITIALIZE.formatted("2025-11-25")).statusCode(), foreign);
        }
        // what the conformance suite's DNS-rebinding check sends: a foreign Host and Origin, no credentials
        HttpResponse<String> rebinding = Http.send("POST", uri("/mcp"), with(JSON_POST, "Origin", "http://evil.example.com"),
                INITIALIZE.formatted("2025-11-25"));
        assertTrue(rebinding.statusCode() >= 400 && rebinding.statusCode() < 500, "" + rebinding.statusCode());
    }

    // --- 11. SDP_REQUIRE_TLS (on in this run): credentials only over TLS, or directly from this machine

    @Test
    void credentialsForwardedOverPlainHttpAreRefusedEverywhere() {
        TestUsers user = authorized();
        Map<String, String> mcp = with(JSON_POST, "X-SDP-Client-Id", user.clientId(), "X-SDP-Client-Secret", user.clientSecret());
        Map<String, String> plain = Map.of("X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "http");
        HttpResponse<String> refused = Http.send("POST", uri("/mcp"), merge(mcp, plain), INITIALIZE.formatted("2025-11-25"));
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("tls_required") && refused.body().contains("https://"), refused.body());
        assertEquals(403, Http.send("GET", uri("/sse"), merge(with(user.headers(), "Accept", "text/event-stream"), plain), null).statusCode());
        assertEquals(403, Http.send("POST", uri("/oauth/setup"), merge(Map.of("Content-Type", "application/json"), plain),
                "{\"clientId\":\"" + user.clientId() + "\",\"clientSecret\":\"" + user.clientSecret() + "\",\"authCode\":\"x\"}").statusCode());
        // only a proxy on this machine or listed in SDP_TRUSTED_PROXIES is believed when it says https
        assertEquals(403, Http.send("POST", uri("/mcp"), merge(mcp, Map.of("X-Forwarded-Proto", "http")),
                INITIALIZE.formatted("2025-11-25")).statusCode());
        assertEquals(200, Http.send("POST", uri("/mcp"), merge(mcp, Map.of("X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "https")),
                INITIALIZE.formatted("2025-11-25")).statusCode());
        assertEquals(200, Http.send("POST", uri("/mcp"), mcp, INITIALIZE.formatted("2025-11-25")).statusCode(), "directly from this machine");
        // no credentials, nothing to protect: the setup page still opens
        assertTrue(Http.send("GET", uri("/setup/"), plain, null).statusCode() < 400);
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new java.util.HashMap<>(a);
        all.putAll(b);
        return all;
    }

    private int openSessions() {
        HttpResponse<String> metrics = Http.send("GET", uri("/metrics"), Map.of(), null);
        return metrics.body().lines().filter(l -> l.startsWith("sdp_sessions_open{"))
                .mapToInt(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static <T> T within(int seconds, java.util.function.Supplier<T> call) throws Exception {
        try {
            return CompletableFuture.supplyAsync(call).get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer within " + seconds + " s", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
