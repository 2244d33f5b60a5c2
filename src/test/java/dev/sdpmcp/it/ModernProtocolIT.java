package dev.sdpmcp.it;

import static dev.sdpmcp.it.support.Http.with;
import static dev.sdpmcp.it.support.ModernMcp.VERSION;
import static dev.sdpmcp.it.support.ModernMcp.body;
import static dev.sdpmcp.it.support.ModernMcp.headers;
import static dev.sdpmcp.it.support.ModernMcp.request;
import static dev.sdpmcp.it.support.ModernMcp.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.it.support.ClientTestBase;
import dev.sdpmcp.it.support.Db;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.ModernMcp;
import dev.sdpmcp.it.support.RawMcp;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.SdpSim;
import dev.sdpmcp.it.support.TestUsers;
import io.modelcontextprotocol.client.McpSyncClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The stateless 2026-07-28 protocol on /mcp, on the wire (plain HTTP, so every header the server sends or refuses is
 * visible): server/discover, the same tools as the classic protocol for the same caller, calls without sessions, the
 * gateway's rules, the Mcp-Method/Mcp-Name checks, and the protocol version in the usage table and the metrics.
 */
@RunsOnPostgresql
class ModernProtocolIT extends ClientTestBase {

    private HttpResponse<String> post(Map<String, String> credentials, String method, String name, Map<String, Object> params) {
        return ModernMcp.post(uri(""), credentials, method, name, params);
    }

    /** One field of each item of a listed array, in order. */
    private static List<String> each(JsonNode items, String field) {
        List<String> values = new ArrayList<>();
        items.forEach(item -> values.add(item.path(field).asText()));
        return values;
    }

    private List<String> statelessToolNames(Map<String, String> credentials) {
        return each(result(post(credentials, "tools/list", null, Map.of())).path("tools"), "name");
    }

    private List<String> classicToolNames(Map<String, String> headers) {
        try (McpSyncClient client = McpClients.streamable(base, headers)) {
            client.initialize();
            return client.listTools().tools().stream().map(tool -> tool.name()).toList();
        }
    }

    @Test
    void serverDiscoverAnswersWithoutSession() {
        TestUsers user = TestUsers.fresh();
        JsonNode result = result(post(user.headers(), "server/discover", null, Map.of()));
        assertTrue(result.path("supportedVersions").toString().contains(VERSION), result.toString());
        assertTrue(result.path("capabilities").path("tools").isObject(), result.toString());
        assertTrue(result.path("_meta").path("io.modelcontextprotocol/serverInfo").path("name").asText().equals("sdp-mcp")
                || result.toString().contains("sdp-mcp"), result.toString());
    }

    @Test
    void toolsListIsTheClassicListForTheSameCallerCacheablePrivately() {
        TestUsers user = TestUsers.fresh();
        List<String> stateless = statelessToolNames(user.headers());
        assertEquals(classicToolNames(user.headers()), stateless, "same tools, same order");
        assertEquals(stateless.stream().sorted().toList(), stateless, "in a deterministic order (by name)");

        JsonNode result = result(post(user.headers(), "tools/list", null, Map.of()));
        assertTrue(result.path("ttlMs").asLong() > 0, result.toString());
        assertEquals("private", result.path("cacheScope").asText().toLowerCase(), "lists depend on the caller");

        Map<String, String> readOnly = with(user.headers(), "X-SDP-Read-Only", "true");
        List<String> reads = statelessToolNames(readOnly);
        assertEquals(classicToolNames(readOnly), reads);
        assertTrue(reads.size() < stateless.size(), "the read-only header hides the writes: " + reads);
    }

    @Test
    void toolCallWorksWithoutSessionAndIsRecordedWithItsProtocolVersion() throws Exception {
        TestUsers user = TestUsers.authorized(uri(""));
        JsonNode result = result(post(user.headers(), "tools/call", "check_auth_status",
                Map.of("name", "check_auth_status", "arguments", Map.of())));
        assertFalse(result.path("isError").asBoolean(), result.toString());
        assertEquals(Boolean.TRUE, result.path("structuredContent").path("authorized").booleanValue(), result.toString());
        assertEquals("streamable", result.path("structuredContent").path("transport").asText());

        JsonNode listed = result(post(user.headers(), "tools/call", "list_requests",
                Map.of("name", "list_requests", "arguments", Map.of("page_size", 1))));
        assertFalse(listed.path("isError").asBoolean(), "answered with the caller's own token: " + listed);

        List<String> rows = Db.awaitRows("usage_log", 2, "client_hash = ? AND protocol_version = ?", user.clientHash(), VERSION);
        assertEquals(2, rows.size(), rows.toString());

        assertTrue(mcpRequests(VERSION, null) >= 2, "sdp_mcp_requests counts the 2026-07-28 requests");
    }

    @Test
    void classicInitializeStillGetsASessionAndItsVersionIsRecorded() throws Exception {
        TestUsers user = TestUsers.fresh();
        // what Claude Code does against a server it does not know: probe, then initialize
        HttpResponse<String> probe = post(user.headers(), "server/discover", null, Map.of());
        assertEquals(200, probe.statusCode(), probe.body());
        // a bare probe (no _meta, no version headers) is answered in JSON-RPC too, never dropped
        HttpResponse<String> bare = Http.send("POST", uri("/mcp"), with(RawMcp.JSON_POST, "X-SDP-Client-Id", user.clientId(),
                "X-SDP-Client-Secret", user.clientSecret()), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\"}");
        assertTrue(bare.statusCode() < 500 && (body(bare).has("result") || body(bare).has("error")), bare.body());
        String session = RawMcp.initializeStreamable(uri(""), user);
        assertNotNull(session);
        HttpResponse<String> call = Http.send("POST", uri("/mcp"), RawMcp.streamableHeaders(user, session),
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"check_auth_status\",\"arguments\":{}}}");
        assertEquals(200, call.statusCode(), call.body());
        List<String> rows = Db.awaitRows("usage_log", 1, "client_hash = ? AND protocol_version = ?", user.clientHash(), "2025-11-25");
        assertEquals(1, rows.size(), rows.toString());
    }

    @Test
    void whatCannotBeUndoneAsksTheUserBetweenTwoRoundsOfTheSameCall() {
        TestUsers user = TestUsers.authorized(uri(""));
        String id = result(post(user.headers(), "tools/call", "create_request", Map.of("name", "create_request",
                "arguments", Map.of("subject", "Asked in two rounds")))).path("structuredContent").path("request").path("id").asText();
        Map<String, Object> delete = Map.of("name", "delete_request", "arguments", Map.of("request_id", id));
        SdpSim sdp = new SdpSim(uri(""));
        java.util.function.Function<Map<String, Object>, JsonNode> round = params ->
                result(ModernMcp.post(uri(""), user.headers(), "tools/call", "delete_request", params, ModernMcp.ASKS));

        JsonNode first = round.apply(delete);
        String state = first.path("requestState").asText();
        assertFalse(state.isEmpty(), "the question comes with the state its answer must bring back: " + first);
        JsonNode question = first.path("inputRequests").path("confirm");
        assertTrue(question.toString().contains("Status: Open → in the trash"), "the live record, field by field: " + question);
        assertEquals(0, sdp.trashed(user, id), "nothing reached ServiceDesk Plus");

        JsonNode altered = round.apply(ModernMcp.answering(delete, state.substring(0, state.length() - 4) + "AAAA", true));
        assertTrue(altered.path("isError").asBoolean() && altered.toString().contains("altered"), altered.toString());
        assertEquals(0, sdp.trashed(user, id), "an altered state changes nothing");

        JsonNode no = round.apply(ModernMcp.answering(delete, state, false));
        assertTrue(no.path("isError").asBoolean() && no.toString().contains("did not agree"), no.toString());

        Map<String, Object> agreed = ModernMcp.answering(delete, state, true);
        JsonNode yes = round.apply(agreed);
        assertFalse(yes.path("isError").asBoolean(), yes.toString());
        assertEquals(1, sdp.trashed(user, id));
        JsonNode replayed = round.apply(agreed);
        assertTrue(replayed.path("isError").asBoolean() && replayed.toString().contains("used already"), replayed.toString());
        assertEquals(1, sdp.trashed(user, id), "the sealed state allows one call");

        // a client that cannot ask gets the preview and a confirmation instead
        JsonNode preview = result(post(user.headers(), "tools/call", "merge_requests",
                Map.of("name", "merge_requests", "arguments", Map.of("request_id", id, "request_ids", List.of(id)))));
        assertTrue(preview.path("isError").asBoolean() && preview.toString().contains("cannot merge with itself"),
                "bad input is refused before anyone is asked: " + preview);
    }

    @Test
    void callerWithoutAuthorizationReachesOnlyTheAuthorizationTools() {
        TestUsers user = TestUsers.fresh();
        JsonNode status = result(post(user.headers(), "tools/call", "check_auth_status",
                Map.of("name", "check_auth_status", "arguments", Map.of())));
        assertFalse(status.path("isError").asBoolean(), status.toString());
        assertEquals(Boolean.FALSE, status.path("structuredContent").path("authorized").booleanValue());

        JsonNode refused = result(post(user.headers(), "tools/call", "list_requests",
                Map.of("name", "list_requests", "arguments", Map.of())));
        assertTrue(refused.path("isError").asBoolean(), refused.toString());
        assertTrue(refused.path("content").get(0).path("text").asText().contains("authoriz"), refused.toString());
    }

    @Test
    void missingOrWrongCredentialsAreRefused() {
        HttpResponse<String> none = post(Map.of(), "tools/list", null, Map.of());
        assertEquals(401, none.statusCode(), none.body());
        assertEquals(-32001, body(none).path("error").path("code").asInt());

        TestUsers user = TestUsers.authorized(uri(""));
        HttpResponse<String> wrong = post(user.withSecret("not-the-secret").headers(), "tools/list", null, Map.of());
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertEquals("secret_mismatch", body(wrong).path("error").path("data").path("reason").asText());

        HttpResponse<String> foreign = Http.send("POST", uri("/mcp"), with(headers(user.headers(), "tools/list", null),
                "Origin", "https://evil.example"), request("tools/list", Map.of()));
        assertEquals(403, foreign.statusCode(), foreign.body());
    }

    @Test
    void theGatewaysSizeAndToolsetRulesHoldToo() {
        TestUsers user = TestUsers.fresh();
        String huge = request("tools/call", Map.of("name", "check_auth_status", "arguments", Map.of("pad", "x".repeat(100_000))));
        HttpResponse<String> tooLarge = Http.send("POST", uri("/mcp"), headers(user.headers(), "tools/call", "check_auth_status"), huge);
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());

        Map<String, String> lookupsOnly = with(user.headers(), "X-SDP-Toolsets", "lookups");
        List<String> lookups = statelessToolNames(lookupsOnly);
        assertEquals(classicToolNames(lookupsOnly), lookups);
        assertTrue(lookups.contains("get_priorities") && !lookups.contains("list_requests"), lookups.toString());
        JsonNode hidden = result(post(lookupsOnly, "tools/call", "list_requests", Map.of("name", "list_requests", "arguments", Map.of())));
        assertTrue(hidden.path("isError").asBoolean() && hidden.toString().contains("X-SDP-Toolsets"), hidden.toString());
    }

    @Test
    void mcpMethodAndMcpNameMustMatchTheBody() {
        TestUsers user = TestUsers.fresh();
        String call = request("tools/call", Map.of("name", "check_auth_status", "arguments", Map.of()));
        HttpResponse<String> method = Http.send("POST", uri("/mcp"), headers(user.headers(), "tools/list", "check_auth_status"), call);
        assertEquals(400, method.statusCode(), method.body());
        assertEquals(-32020, body(method).path("error").path("code").asInt(), method.body());

        HttpResponse<String> name = Http.send("POST", uri("/mcp"), headers(user.headers(), "tools/call", "authorize"), call);
        assertEquals(400, name.statusCode(), name.body());
        assertEquals(-32020, body(name).path("error").path("code").asInt(), name.body());

        Map<String, String> noMethod = new HashMap<>(headers(user.headers(), "tools/call", "check_auth_status"));
        noMethod.remove("Mcp-Method");
        HttpResponse<String> missing = Http.send("POST", uri("/mcp"), noMethod, call);
        assertEquals(400, missing.statusCode(), missing.body());
    }

    @Test
    void unknownMethodIsAnsweredMethodNotFound() {
        TestUsers user = TestUsers.fresh();
        HttpResponse<String> unknown = post(user.headers(), "no/such/method", null, Map.of());
        assertEquals(-32601, body(unknown).path("error").path("code").asInt(), unknown.body());
    }

    @Test
    void resourcesAreTheClassicOnesReadWithTheCallersAuthorization() {
        TestUsers user = TestUsers.authorized(uri(""));
        JsonNode listed = result(post(user.headers(), "resources/list", null, Map.of()));
        List<String> uris = each(listed.path("resources"), "uri");
        List<String> templates = each(result(post(user.headers(), "resources/templates/list", null, Map.of()))
                .path("resourceTemplates"), "uriTemplate");
        try (McpSyncClient client = McpClients.streamable(base, user.headers())) {
            client.initialize();
            // the classic SDK keeps resources in a hash map: the same set, in an order of its own
            assertEquals(Set.copyOf(client.listResources().resources().stream().map(r -> r.uri()).toList()), Set.copyOf(uris));
            assertEquals(Set.copyOf(client.listResourceTemplates().resourceTemplates().stream().map(t -> t.uriTemplate())
                    .toList()), Set.copyOf(templates));
        }
        assertEquals(uris, each(result(post(user.headers(), "resources/list", null, Map.of())).path("resources"), "uri"),
                "a deterministic order");
        assertEquals(uris.size(), Set.copyOf(uris).size());
        assertEquals("private", listed.path("cacheScope").asText().toLowerCase(), listed.toString());

        JsonNode priorities = result(post(user.headers(), "resources/read", "sdp://lookups/priorities",
                Map.of("uri", "sdp://lookups/priorities")));
        assertTrue(priorities.path("contents").get(0).path("text").asText().contains("High"), priorities.toString());
        assertTrue(priorities.path("ttlMs").asLong() > 0, "the instance's lookups may be reused: " + priorities);
        assertEquals("private", priorities.path("cacheScope").asText().toLowerCase(), "by this user only");

        String id = result(post(user.headers(), "tools/call", "list_requests", Map.of("name", "list_requests", "arguments",
                Map.of("page_size", 1)))).path("structuredContent").path("requests").get(0).path("id").asText();
        JsonNode record = result(post(user.headers(), "resources/read", "sdp://requests/" + id, Map.of("uri", "sdp://requests/" + id)));
        assertTrue(record.path("contents").get(0).path("text").asText().contains(id), record.toString());
        assertEquals(0, record.path("ttlMs").asLong(), "a record may change at any time: " + record);

        HttpResponse<String> notANumber = post(user.headers(), "resources/read", "sdp://requests/abc", Map.of("uri", "sdp://requests/abc"));
        assertTrue(body(notANumber).path("error").path("message").asText().contains("sdp://requests/{id}"), notANumber.body());

        HttpResponse<String> stranger = post(TestUsers.fresh().headers(), "resources/read", "sdp://lookups/priorities",
                Map.of("uri", "sdp://lookups/priorities"));
        assertEquals(-32002, body(stranger).path("error").path("code").asInt(), "a caller without authorization reads nothing: "
                + stranger.body());
    }

    @Test
    void promptsAndCompletionsAreTheClassicOnes() {
        TestUsers user = TestUsers.authorized(uri(""));
        List<String> names = each(result(post(user.headers(), "prompts/list", null, Map.of())).path("prompts"), "name");
        try (McpSyncClient client = McpClients.streamable(base, user.headers())) {
            client.initialize();
            assertEquals(Set.copyOf(client.listPrompts().prompts().stream().map(p -> p.name()).toList()), Set.copyOf(names));
        }

        JsonNode triage = result(post(user.headers(), "prompts/get", "triage_requests",
                Map.of("name", "triage_requests", "arguments", Map.of("technician", "heath@zylker.example"))));
        assertTrue(triage.path("messages").get(0).path("content").path("text").asText().contains("heath@zylker.example"),
                triage.toString());
        HttpResponse<String> missing = post(user.headers(), "prompts/get", "triage_requests",
                Map.of("name", "triage_requests", "arguments", Map.of()));
        assertTrue(body(missing).path("error").path("message").asText().contains("technician"), missing.body());

        JsonNode status = result(post(user.headers(), "completion/complete", null, Map.of("ref",
                Map.of("type", "ref/prompt", "name", "triage_requests"), "argument", Map.of("name", "status", "value", "ope"))));
        assertEquals("[\"Open\"]", status.path("completion").path("values").toString(), status.toString());
        JsonNode ids = result(post(user.headers(), "completion/complete", null, Map.of("ref",
                Map.of("type", "ref/resource", "uri", "sdp://requests/{id}"), "argument", Map.of("name", "id", "value", ""))));
        assertFalse(ids.path("completion").path("values").isEmpty(), ids.toString());

        HttpResponse<String> stranger = post(TestUsers.fresh().headers(), "prompts/get", "triage_requests",
                Map.of("name", "triage_requests", "arguments", Map.of("technician", "x")));
        assertTrue(body(stranger).path("error").isObject(), "every prompt is refused without authorization: " + stranger.body());
    }
}
