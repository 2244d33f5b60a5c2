package dev.sdpmcp.sandbox.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.it.support.ClientTestBase;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The simulator in the deployed WAR, over real HTTP: a token from the Zoho simulator, form and query input_data,
 * headers, control endpoints. Uses a portal of its own so other tests' data never mixes with it.
 */
@RunsOnPostgresql
class SdpSimulatorIT extends ClientTestBase {

    static final ObjectMapper JSON = new ObjectMapper();
    final String portal = "it-" + UUID.randomUUID().toString().substring(0, 8);
    final String clientId = "1000." + UUID.randomUUID().toString().replace("-", "").substring(0, 30).toUpperCase();

    static String form(String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&").append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    String token() throws Exception {
        Map<String, String> formType = Map.of("Content-Type", "application/x-www-form-urlencoded");
        HttpResponse<String> code = Http.send("POST", uri("/sandbox/zoho/_sim/grant-codes"), formType,
                form("client_id", clientId, "client_secret", "secret", "scope", Sim.ALL_SCOPES));
        assertEquals(200, code.statusCode(), code.body());
        HttpResponse<String> token = Http.send("POST", uri("/sandbox/zoho/oauth/v2/token"), formType, form("grant_type", "authorization_code",
                "client_id", clientId, "client_secret", "secret", "code", json(code).get("code").asText()));
        return json(token).get("access_token").asText();
    }

    HttpResponse<String> api(String token, String method, String path, String inputData, boolean inBody) {
        String query = inputData != null && !inBody ? "?input_data=" + URLEncoder.encode(inputData, StandardCharsets.UTF_8) : "";
        Map<String, String> headers = new java.util.HashMap<>(Map.of("Authorization", "Zoho-oauthtoken " + token, "Accept", Sim.ACCEPT));
        if (inBody) {
            headers.put("Content-Type", "application/x-www-form-urlencoded");
        }
        return Http.send(method, uri("/sandbox/sdp/app/" + portal + "/api/v3/" + path + query), headers,
                inBody ? form("input_data", inputData) : null);
    }

    @Test
    void aClientWorksTheApiOverHttp() throws Exception {
        String token = token();
        HttpResponse<String> list = api(token, "GET", "requests", "{\"list_info\":{\"row_count\":5,\"get_total_count\":true}}", false);
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(5, json(list).get("requests").size());
        assertEquals(40, json(list).get("list_info").get("total_count").asInt());

        HttpResponse<String> created = api(token, "POST", "requests", "{\"request\":{\"subject\":\"Über-long wait for VPN & mail\",\"priority\":{\"name\":\"High\"}}}", true);
        assertEquals(200, created.statusCode(), created.body());
        JsonNode request = json(created).get("request");
        assertEquals("Über-long wait for VPN & mail", request.get("subject").asText());
        assertEquals("Technician " + clientId, request.get("created_by").get("name").asText());

        HttpResponse<String> note = api(token, "POST", "requests/" + request.get("id").asText() + "/notes",
                "{\"request_note\":{\"description\":\"sent in the query string\"}}", false);
        assertEquals(200, note.statusCode(), note.body());
        assertEquals(200, api(token, "POST", "requests/" + request.get("id").asText() + "/resolutions",
                "{\"resolution\":{\"content\":\"Restarted the VPN\"}}", true).statusCode());
        HttpResponse<String> closed = api(token, "PUT", "requests/" + request.get("id").asText() + "/close",
                "{\"request\":{\"closure_info\":{\"closure_code\":{\"name\":\"Success\"}}}}", true);
        assertEquals(2000, json(closed).get("response_status").get("messages").get(0).get("status_code").asInt());
        assertEquals(200, api(token, "DELETE", "requests/" + request.get("id").asText() + "/move_to_trash", null, false).statusCode());

        HttpResponse<String> encodedSlash = api(token, "GET", "requests%2F" + request.get("id").asText(), null, false);
        assertEquals(400, encodedSlash.statusCode(), "a real front end refuses %2F in a path: " + encodedSlash.body());

        HttpResponse<String> invalid = api(token, "GET", "request", null, false);
        assertEquals(404, invalid.statusCode());
        assertEquals(4007, json(invalid).get("response_status").get("messages").get(0).get("status_code").asInt());

        HttpResponse<String> unauthenticated = Http.send("GET", uri("/sandbox/sdp/app/" + portal + "/api/v3/requests"), Map.of("Accept", Sim.ACCEPT), null);
        assertEquals(401, unauthenticated.statusCode());
        assertEquals(4022, json(unauthenticated).get("response_status").get("messages").get(0).get("status_code").asInt());

        HttpResponse<String> portals = Http.send("GET", uri("/sandbox/sdp/api/v3/portals"),
                Map.of("Authorization", "Bearer " + token, "Accept", "application/v3+json"), null);
        assertTrue(portals.body().contains("\"name\":\"" + portal + "\""), portals.body());

        HttpResponse<String> log = Http.send("GET", uri("/sandbox/sdp/_sim/log?client_id=" + clientId), Map.of(), null);
        JsonNode entries = json(log).get("entries");
        assertEquals(8, entries.size(), log.body());
        assertEquals("sent in the query string", entries.get(2).get("input_data").get("request_note").get("description").asText());
        assertEquals("/app/" + portal + "/api/v3/requests", entries.get(1).get("path").asText());
    }

    @Test
    void knobsRateLimitAndFaults() throws Exception {
        String token = token();
        try {
            HttpResponse<String> set = Http.send("PUT", uri("/sandbox/sdp/_sim/limits"), Map.of("Content-Type", "application/json"),
                    "{\"calls_per_minute\":2,\"retry_after\":true}");
            assertEquals(2, json(set).get("calls_per_minute").asInt(), set.body());
            api(token, "GET", "priorities", null, false);
            api(token, "GET", "priorities", null, false);
            HttpResponse<String> limited = api(token, "GET", "priorities", null, false);
            assertEquals(429, limited.statusCode());
            assertTrue(limited.headers().firstValue("Retry-After").isPresent());
            assertEquals(4015, json(limited).get("response_status").get("messages").get(0).get("status_code").asInt());
        } finally {
            Http.send("PUT", uri("/sandbox/sdp/_sim/limits?calls_per_minute=600&retry_after=true&latency_ms=0"), Map.of(), null);
        }
        HttpResponse<String> reset = Http.send("POST", uri("/sandbox/sdp/_sim/portals/" + portal + "/reset"), Map.of(), null);
        assertEquals(portal, json(reset).get("name").asText());

        Http.send("POST", uri("/sandbox/sdp/_sim/faults?count=1&status=503&portal=" + portal), Map.of(), null);
        assertEquals(503, api(token, "GET", "requests", null, false).statusCode());
        Http.send("POST", uri("/sandbox/sdp/_sim/faults"), Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "malformed=true&portal=" + portal);
        HttpResponse<String> malformed = api(token, "GET", "requests", null, false);
        assertEquals(200, malformed.statusCode());
        assertFalse(malformed.body().startsWith("{"));
        assertEquals(200, api(token, "GET", "requests", null, false).statusCode());
    }
}
