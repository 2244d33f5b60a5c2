package dev.sdpmcp.it.support;

import static dev.sdpmcp.it.support.Http.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * A client of the stateless 2026-07-28 protocol on the wire (plain HTTP, so every header is visible): each request
 * carries the protocol version and the client's capabilities in params._meta, and Mcp-Method / Mcp-Name headers.
 */
public final class ModernMcp {

    public static final String VERSION = "2026-07-28";
    /** The capabilities of a client that can put a question to its user (form elicitation). */
    public static final Map<String, Object> ASKS = Map.of("elicitation", Map.of("form", Map.of()));
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModernMcp() {
    }

    public static String request(String method, Map<String, Object> params) {
        return request(method, params, Map.of());
    }

    public static String request(String method, Map<String, Object> params, Map<String, Object> capabilities) {
        ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 7).put("method", method);
        ObjectNode body = JSON.valueToTree(params);
        body.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", VERSION)
                .set("io.modelcontextprotocol/clientCapabilities", JSON.valueToTree(capabilities));
        message.set("params", body);
        return message.toString();
    }

    /** The second round of a tools/call: the same params, the state the first round returned, and the user's answer. */
    public static Map<String, Object> answering(Map<String, Object> call, String state, boolean agreed) {
        Map<String, Object> params = new HashMap<>(call);
        params.put("requestState", state);
        params.put("inputResponses", Map.of("confirm", agreed
                ? Map.of("action", "accept", "content", Map.of("confirm", true)) : Map.of("action", "decline")));
        return params;
    }

    /** The headers a 2026-07-28 client sends: the version, Mcp-Method and, for named requests, Mcp-Name. */
    public static Map<String, String> headers(Map<String, String> credentials, String method, String name) {
        Map<String, String> headers = new HashMap<>(with(RawMcp.JSON_POST, "MCP-Protocol-Version", VERSION, "Mcp-Method", method));
        headers.putAll(credentials);
        if (name != null) {
            headers.put("Mcp-Name", name);
        }
        return headers;
    }

    /** POSTs one request to {@code server}'s /mcp ({@code server} is the root URI of a server or proxy). */
    public static HttpResponse<String> post(URI server, Map<String, String> credentials, String method, String name,
            Map<String, Object> params, Map<String, Object> capabilities) {
        return Http.send("POST", URI.create(server.toString().replaceAll("/$", "") + "/mcp"), headers(credentials, method, name),
                request(method, params, capabilities));
    }

    public static HttpResponse<String> post(URI server, Map<String, String> credentials, String method, String name,
            Map<String, Object> params) {
        return post(server, credentials, method, name, params, Map.of());
    }

    /** A tools/call's result (asserted to be an answer without a session). */
    public static JsonNode call(URI server, Map<String, String> credentials, String tool, Map<String, Object> arguments) {
        return result(post(server, credentials, "tools/call", tool, Map.of("name", tool, "arguments", arguments)));
    }

    public static JsonNode body(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** The JSON-RPC result of a 200 answer that issued no session. */
    public static JsonNode result(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Mcp-Session-Id").isEmpty(), "the stateless protocol issues no session");
        JsonNode result = body(response).path("result");
        assertTrue(result.isObject(), response.body());
        return result;
    }
}
