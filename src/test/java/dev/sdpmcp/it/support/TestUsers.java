package dev.sdpmcp.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/** Fresh Zoho-shaped credentials for each test, so tests never see each other's rows or sessions. */
public record TestUsers(String clientId, String clientSecret) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static TestUsers fresh() {
        StringBuilder id = new StringBuilder("1000.");
        for (int i = 0; i < 30; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        byte[] secret = new byte[21];
        RANDOM.nextBytes(secret);
        TestUsers user = new TestUsers(id.toString(), HexFormat.of().formatHex(secret));
        Secrets.remember(user.clientSecret());
        return user;
    }

    /** A new user with a stored authorization, made the REST way (so no tool under test is involved). */
    public static TestUsers authorized(URI base) {
        return authorized(base, new ZohoSim(base));
    }

    /** Authorized on the server at {@code server} with a grant code of {@code zoho} (its own or a shared one). */
    public static TestUsers authorized(URI server, ZohoSim zoho) {
        return authorized(server, zoho, null);
    }

    /** Authorized with a grant code for these scopes only (null: the simulator's default, every scope). */
    public static TestUsers authorized(URI server, ZohoSim zoho, String scope) {
        TestUsers fresh = fresh();
        HttpResponse<String> ok = Http.send("POST", server.resolve("/oauth/setup"), Map.of("Content-Type", "application/json"),
                "{\"clientId\":\"" + fresh.clientId() + "\",\"clientSecret\":\"" + fresh.clientSecret() + "\",\"authCode\":\""
                        + zoho.grantCode(fresh, scope) + "\"}");
        assertEquals(200, ok.statusCode(), ok.body());
        return fresh;
    }

    /** The same client id with another secret, as someone who does not know the real one would send. */
    public TestUsers withSecret(String secret) {
        return new TestUsers(clientId, secret);
    }

    public Map<String, String> headers() {
        return Map.of("X-SDP-Client-Id", clientId, "X-SDP-Client-Secret", clientSecret);
    }

    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    }

    public String clientHash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(clientId.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
