package dev.sdpmcp.sandbox.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.sandbox.ZohoSimulator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The two simulators wired together without a container, and a client that speaks to SDP as the docs show. */
final class Sim {

    static final String ALL_SCOPES = "SDPOnDemand.requests.ALL,SDPOnDemand.problems.ALL,SDPOnDemand.changes.ALL,"
            + "SDPOnDemand.projects.ALL,SDPOnDemand.assets.ALL,SDPOnDemand.solutions.ALL,SDPOnDemand.users.ALL,"
            + "SDPOnDemand.setup.ALL,SDPOnDemand.general.ALL";
    static final String ACCEPT = "application/vnd.manageengine.sdp.v3+json";

    final ZohoSimulator zoho = new ZohoSimulator();
    final SdpSimulator sdp = new SdpSimulator(zoho);

    /** An access token for a self client, through the Zoho simulator's real code exchange. */
    String token(String clientId, String scope) {
        String secret = "secret-" + clientId;
        String code = zoho.issueGrantCode(clientId, secret, scope, null).orElseThrow();
        ZohoSimulator.Answer answer = zoho.token(Map.of("grant_type", "authorization_code", "client_id", clientId,
                "client_secret", secret, "code", code));
        return (String) answer.body().get("access_token");
    }

    String token(String clientId) {
        return token(clientId, ALL_SCOPES);
    }

    SdpSimulator.Reply raw(String method, String path, String authorization, String accept, String inputData) {
        Map<String, String> query = new HashMap<>();
        String body = null;
        String contentType = null;
        if (inputData != null && (method.equals("GET") || method.equals("DELETE"))) {
            query.put("input_data", inputData);
        } else if (inputData != null) {
            body = "input_data=" + URLEncoder.encode(inputData, StandardCharsets.UTF_8);
            contentType = "application/x-www-form-urlencoded";
        }
        return sdp.handle(new SdpSimulator.Call(method, path, authorization, accept, query, contentType, body));
    }

    /** A call to /app/{portal}/api/v3/{path}. */
    SdpSimulator.Reply call(String token, String method, String portal, String path, String inputData) {
        return raw(method, "app/" + portal + "/api/v3/" + path, "Zoho-oauthtoken " + token, ACCEPT, inputData);
    }

    JsonNode json(String token, String method, String portal, String path, String inputData) {
        return parse(call(token, method, portal, path, inputData));
    }

    /** The JSON of a call expected to succeed. */
    JsonNode ok(String token, String method, String portal, String path, String inputData) {
        SdpSimulator.Reply reply = call(token, method, portal, path, inputData);
        assertEquals(200, reply.status(), reply.body());
        return parse(reply);
    }

    static JsonNode parse(SdpSimulator.Reply reply) {
        try {
            return Json.MAPPER.readTree(reply.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + reply.body(), e);
        }
    }
}
