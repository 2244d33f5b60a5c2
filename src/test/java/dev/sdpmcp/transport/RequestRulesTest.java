package dev.sdpmcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestRulesTest {

    @Test
    void queryValuesAreDecodedNamesAndAllOfThem() {
        assertEquals(List.of("abc"), RequestRules.queryValues("sessionId=abc", "sessionId"));
        assertEquals(List.of("victim"), RequestRules.queryValues("session%49d=victim", "sessionId"));
        assertEquals(List.of("victim"), RequestRules.queryValues("%73%65%73%73%69%6f%6e%49%64=victim", "sessionId"));
        assertEquals(List.of("mine", "victim"), RequestRules.queryValues("sessionId=mine&session%49d=victim", "sessionId"));
        assertEquals(List.of("a b"), RequestRules.queryValues("x=1&sessionId=a+b", "sessionId"));
        assertEquals(List.of(), RequestRules.queryValues("sessionid=abc", "sessionId"));
        assertEquals(List.of(), RequestRules.queryValues(null, "sessionId"));
        // an undecodable name may hide the parameter: it counts, as a value no session has
        assertEquals(2, RequestRules.queryValues("sessionId=mine&session%4=victim", "sessionId").size());
        assertEquals(1, RequestRules.queryValues("sessionId=%zz", "sessionId").size());
    }

    @Test
    void ownOriginAndListedOriginsPassOthersDoNot() {
        List<String> allowed = List.of("http://allowed.example/");
        String own = "http://127.0.0.1:9480";
        assertTrue(RequestRules.originAllowed("http://127.0.0.1:9480", allowed, own));
        assertTrue(RequestRules.originAllowed("HTTP://127.0.0.1:9480/", allowed, own));
        assertTrue(RequestRules.originAllowed("http://allowed.example", allowed, own));
        assertTrue(RequestRules.originAllowed("http://allowed.example:80", allowed, own));
        assertTrue(RequestRules.originAllowed("https://sdp.example.com", allowed, "https://sdp.example.com:443"));
        for (String foreign : List.of("http://127.0.0.1:9481", "https://127.0.0.1:9480", "http://evil.example", "null", "",
                "http://allowed.example@evil.example", "http://allowed.example.evil.example", "http://allowed.example/x",
                "file://", "*")) {
            assertFalse(RequestRules.originAllowed(foreign, allowed, own), foreign);
        }
        assertFalse(RequestRules.originAllowed("http://127.0.0.1:9480", List.of(), ""), "no own origin known: nothing is same-origin");
    }

    @Test
    void credentialsNeedTlsExceptDirectlyFromThisMachine() {
        Set<String> proxies = Set.of("10.0.0.5");
        assertTrue(RequestRules.transportSecure(true, "203.0.113.9", null, false, proxies), "TLS to this server");
        assertTrue(RequestRules.transportSecure(false, "127.0.0.1", null, false, proxies), "a client on this machine");
        assertTrue(RequestRules.transportSecure(false, "::1", null, false, proxies));
        assertFalse(RequestRules.transportSecure(false, "203.0.113.9", null, false, proxies), "plain HTTP from afar");
        assertTrue(RequestRules.transportSecure(false, "10.0.0.5", "https", true, proxies), "a trusted proxy that used TLS");
        assertFalse(RequestRules.transportSecure(false, "10.0.0.5", "http", true, proxies), "a trusted proxy without TLS");
        assertFalse(RequestRules.transportSecure(false, "203.0.113.9", "https", true, proxies), "anyone can say https");
        assertTrue(RequestRules.transportSecure(false, "127.0.0.1", "https", true, proxies), "a proxy on this machine that used TLS");
        assertFalse(RequestRules.transportSecure(false, "127.0.0.1", "http", true, proxies), "a proxy on this machine without TLS");
        assertFalse(RequestRules.transportSecure(false, "127.0.0.1", null, true, proxies), "forwarded, scheme unknown");
        assertFalse(RequestRules.loopback("localhost"), "names are not resolved");
        assertFalse(RequestRules.loopback(null));
    }

    private static RequestRules.Refusal refusal(String body) {
        return RequestRules.notOneJsonRpcRequest(RequestRules.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)), false);
    }

    @Test
    void oneJsonRpcRequestOrNotificationPassesAndEveryOtherShapeIsRefusedWithItsCode() {
        assertNull(refusal("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
        assertNull(refusal("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}"));
        assertNull(refusal("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        assertEquals(-32700, refusal("{\"jsonrpc\":").code());
        assertEquals(-32700, refusal("{\"jsonrpc\":\"2.0\",\"method\":\"x\"}}}").code(), "trailing tokens");
        assertEquals(-32700, refusal("").code());
        assertEquals(-32600, refusal("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]").code(), "batch");
        assertEquals(-32600, refusal("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}").code());
        assertEquals(-32600, refusal("{\"jsonrpc\":2.0,\"id\":1,\"method\":\"ping\"}").code());
        assertEquals(-32600, refusal("{\"jsonrpc\":\"2.0\",\"id\":1}").code());
        assertEquals(-32600, refusal("\"text\"").code());
        // an id that is neither a string nor an integer is not echoed back
        RequestRules.Refusal floatId = refusal("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}");
        assertEquals(-32600, floatId.code());
        assertNull(floatId.id());
        // a response answers what the server asked on a session (elicitation): never outside one
        RequestRules.Refusal response = refusal("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}");
        assertEquals(-32600, response.code());
        assertEquals(7, response.id().asInt());
        assertNull(RequestRules.notOneJsonRpcRequest(RequestRules.parse("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)), true));
        assertEquals(-32602, refusal("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[1]}").code());
        assertEquals(-32602, refusal("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}}").code());
        RequestRules.Refusal arguments = refusal(
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"x\",\"arguments\":[1]}}");
        assertEquals(-32602, arguments.code());
        assertEquals(400, arguments.status());
        assertTrue(arguments.message().contains("\"arguments\" must be an object"), arguments.message());
        // the SDK would answer these without their params with a Java NullPointerException
        assertEquals(-32602, refusal("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/read\"}").code());
        assertEquals(-32602, refusal("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/get\",\"params\":{\"name\":\" \"}}").code());
        assertEquals(-32602, refusal("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"completion/complete\",\"params\":{}}").code());
        assertNull(refusal("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/read\",\"params\":{\"uri\":\"sdp://requests/1\"}}"));
        assertNull(refusal("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":"
                + "\"ref/prompt\",\"name\":\"draft_reply\"},\"argument\":{\"name\":\"kind\",\"value\":\"r\"}}}"));
    }

    @Test
    void streamableRequestsMayNameOnlyAVersionThisServerSpeaks() {
        assertNull(RequestRules.unsupportedProtocol(dev.sdpmcp.session.Transport.STREAMABLE, null));
        assertNull(RequestRules.unsupportedProtocol(dev.sdpmcp.session.Transport.STREAMABLE, "2025-06-18"));
        assertNull(RequestRules.unsupportedProtocol(dev.sdpmcp.session.Transport.STREAMABLE, " 2025-11-25 "));
        assertNull(RequestRules.unsupportedProtocol(dev.sdpmcp.session.Transport.SSE, "1999-01-01"), "legacy SSE sends none");
        RequestRules.Refusal unknown = RequestRules.unsupportedProtocol(dev.sdpmcp.session.Transport.STREAMABLE, "1999-01-01");
        assertEquals("unsupported_protocol_version", unknown.reason());
        assertTrue(unknown.message().contains("Supported: 2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25."), unknown.message());
    }

    @Test
    void theSessionAndVersionHeadersComeOnce() {
        assertNull(RequestRules.repeatedHeader(name -> 1));
        assertNull(RequestRules.repeatedHeader(name -> 0));
        assertEquals("Send the Mcp-Session-Id header once.",
                RequestRules.repeatedHeader(name -> name.equals("Mcp-Session-Id") ? 2 : 1).message());
        assertEquals("duplicated_header", RequestRules.repeatedHeader(name -> name.equals("MCP-Protocol-Version") ? 3 : 0).reason());
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        return RequestRules.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    @Test
    void statelessRequestsAreTheOnesWithoutSessionThatSpeak2026() {
        var listed = json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + META + "}}");
        assertTrue(RequestRules.stateless(listed, null, "2026-07-28"));
        assertTrue(RequestRules.stateless(listed, null, null), "the _meta version is enough");
        assertFalse(RequestRules.stateless(listed, "a-session", "2026-07-28"), "a session is the classic protocol's");
        var probe = json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\"}");
        assertTrue(RequestRules.stateless(probe, null, null), "the probe of a client that does not know the server's era");
        var byHeader = json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertTrue(RequestRules.stateless(byHeader, null, " 2026-07-28 "));
        assertFalse(RequestRules.stateless(byHeader, null, "2025-11-25"));
        assertFalse(RequestRules.stateless(byHeader, null, null));
        var initialize = json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{" + META + "}}");
        assertFalse(RequestRules.stateless(initialize, null, "2026-07-28"), "initialize always opens a classic session");
        assertFalse(RequestRules.stateless(null, null, "2026-07-28"));
    }

    @Test
    void protocolVersionIsNamedOnlyWhenKnown() {
        var stateless = json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + META + "}}");
        var streamable = dev.sdpmcp.session.Transport.STREAMABLE;
        assertEquals("2026-07-28", RequestRules.protocolVersion(streamable, stateless, null));
        var initialize = json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}");
        assertEquals("2025-06-18", RequestRules.protocolVersion(streamable, initialize, null));
        var listed = json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertEquals("2025-11-25", RequestRules.protocolVersion(streamable, listed, "2025-11-25"));
        assertEquals("2025-03-26", RequestRules.protocolVersion(streamable, listed, null), "the Streamable HTTP default");
        assertEquals("2025-03-26", RequestRules.protocolVersion(streamable, null, null), "a GET or DELETE");
        assertEquals("other", RequestRules.protocolVersion(streamable, listed, "9999-x"), "no label a client invents");
        assertEquals("2024-11-05", RequestRules.protocolVersion(dev.sdpmcp.session.Transport.SSE, listed, null));
    }
}
