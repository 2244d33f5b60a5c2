package dev.sdpmcp.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The sandbox's Zoho simulator as tests drive it: its "API console" and its knobs, over HTTP. */
public record ZohoSim(URI base) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");

    public String grantCode(TestUsers user) {
        return grantCode(user, null);
    }

    /** A grant code for these scopes (comma-separated), as a user who ticked only some of them would generate. */
    public String grantCode(TestUsers user, String scope) {
        JsonNode answer = call("POST", "/grant-codes", "client_id=" + enc(user.clientId()) + "&client_secret=" + enc(user.clientSecret())
                + (scope == null ? "" : "&scope=" + enc(scope)));
        String code = answer.path("code").asText();
        Secrets.remember(code);
        return code;
    }

    /** What reached the simulator for this user: token_requests, code_exchanges, refreshes, throttled, revocations. */
    public JsonNode stats(TestUsers user) {
        return call("GET", "/stats?client_id=" + enc(user.clientId()), null);
    }

    public int stat(TestUsers user, String name) {
        return stats(user).path(name).asInt();
    }

    /** The tokens Zoho issued to the user; they are remembered for the log scan. */
    public List<String> tokens(TestUsers user) {
        List<String> tokens = new ArrayList<>();
        call("GET", "/tokens?client_id=" + enc(user.clientId()), null).path("tokens").forEach(t -> tokens.add(t.asText()));
        Secrets.remember(tokens);
        return tokens;
    }

    /** A refresh token obtained the way a user would with curl: exchanging a grant code at the token endpoint. */
    public String refreshTokenByHand(TestUsers user) {
        String code = grantCode(user);
        HttpResponse<String> response = Http.send("POST", URI.create(base + "/sandbox/zoho/oauth/v2/token"), FORM,
                "grant_type=authorization_code&client_id=" + enc(user.clientId()) + "&client_secret=" + enc(user.clientSecret())
                        + "&code=" + enc(code));
        String refresh = parse(response.body()).path("refresh_token").asText();
        Secrets.remember(refresh);
        return refresh;
    }

    public void limits(String query) {
        call("PUT", "/limits?" + query, null);
    }

    public void throttle(TestUsers user) {
        call("POST", "/throttle?client_id=" + enc(user.clientId()), null);
    }

    /** Every token Zoho issued to the user stops working, as when the user removes the app in Zoho. */
    public void revoke(TestUsers user) {
        call("POST", "/revoke?client_id=" + enc(user.clientId()), null);
    }

    public void expireAccessTokens(TestUsers user) {
        call("POST", "/expire-access-tokens?client_id=" + enc(user.clientId()), null);
    }

    private JsonNode call(String method, String path, String form) {
        HttpResponse<String> response = Http.send(method, URI.create(base + "/sandbox/zoho/_sim" + path), FORM, form);
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("simulator " + method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : parse(response.body());
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
