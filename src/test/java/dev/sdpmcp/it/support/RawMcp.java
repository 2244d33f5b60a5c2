package dev.sdpmcp.it.support;

import static dev.sdpmcp.it.support.Http.with;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

/** Hand-made MCP messages over plain HTTP, for tests that must control every header and byte. */
public final class RawMcp {

    public static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"%s\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw-test\",\"version\":\"1\"}}}";
    public static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    public static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    public static final Map<String, String> JSON_POST = Map.of("Content-Type", "application/json",
            "Accept", "application/json, text/event-stream");

    private RawMcp() {
    }

    /** Opens a Streamable HTTP session for the user and returns its Mcp-Session-Id. */
    public static String initializeStreamable(URI base, TestUsers user) {
        HttpResponse<String> init = Http.send("POST", base.resolve("/mcp"), with(JSON_POST, "X-SDP-Client-Id", user.clientId(),
                "X-SDP-Client-Secret", user.clientSecret()), INITIALIZE.formatted("2025-11-25"));
        assertEquals(200, init.statusCode(), init.body());
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        Http.send("POST", base.resolve("/mcp"), streamableHeaders(user, session), INITIALIZED);
        return session;
    }

    public static Map<String, String> streamableHeaders(TestUsers user, String session) {
        return with(JSON_POST, "X-SDP-Client-Id", user.clientId(), "X-SDP-Client-Secret", user.clientSecret(),
                "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");
    }
}
