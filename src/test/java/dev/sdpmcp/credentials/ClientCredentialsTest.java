package dev.sdpmcp.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sdpmcp.credentials.ClientCredentials.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ClientCredentialsTest {

    static final String ID = "1000.2DKCG6VQW2FHV1XA5HJ6Y3I5B1CK3H";
    static final String SECRET = "9c1c3b1e2f0a4d6e8b7c5a3f1e2d4c6b8a0f1e2d3c";

    static ClientCredentials parse(Map<String, List<String>> headers) throws ClientCredentials.Rejected {
        Map<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        return ClientCredentials.from(name -> caseInsensitive.getOrDefault(name, List.of()));
    }

    static Problem problem(Map<String, List<String>> headers) {
        return assertThrows(ClientCredentials.Rejected.class, () -> parse(headers)).problem();
    }

    @Test
    void headersInAnyCase() throws Exception {
        ClientCredentials credentials = parse(Map.of("x-sdp-client-id", List.of(ID), "X-SDP-CLIENT-SECRET", List.of(SECRET)));
        assertEquals(ID, credentials.clientId());
        assertEquals(SECRET, credentials.clientSecret());
    }

    @Test
    void basicAuthorizationIsEquivalent() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        ClientCredentials credentials = parse(Map.of("Authorization", List.of(basic)));
        assertEquals(ID, credentials.clientId());
        assertEquals(SECRET, credentials.clientSecret());
    }

    @Test
    void refusals() {
        assertEquals(Problem.MISSING, problem(Map.of()));
        assertEquals(Problem.INCOMPLETE, problem(Map.of("X-SDP-Client-Id", List.of(ID))));
        assertEquals(Problem.INCOMPLETE, problem(Map.of("X-SDP-Client-Secret", List.of(SECRET))));
        assertEquals(Problem.MALFORMED, problem(Map.of("X-SDP-Client-Id", List.of(ID, ID), "X-SDP-Client-Secret", List.of(SECRET))));
        assertEquals(Problem.UNEXPANDED, problem(Map.of("X-SDP-Client-Id", List.of("${SDP_CLIENT_ID}"), "X-SDP-Client-Secret", List.of(SECRET))));
        assertEquals(Problem.INVALID_CLIENT_ID, problem(Map.of("X-SDP-Client-Id", List.of("admin"), "X-SDP-Client-Secret", List.of(SECRET))));
        assertEquals(Problem.INVALID_CLIENT_ID, problem(Map.of("X-SDP-Client-Id", List.of("1000.abc' OR 1=1"), "X-SDP-Client-Secret", List.of(SECRET))));
        assertEquals(Problem.INVALID_CLIENT_SECRET, problem(Map.of("X-SDP-Client-Id", List.of(ID), "X-SDP-Client-Secret", List.of("has space inside it"))));
        assertEquals(Problem.MALFORMED, problem(Map.of("Authorization", List.of("Bearer abc"))));
        assertEquals(Problem.MALFORMED, problem(Map.of("Authorization", List.of("Basic ###"))));
        assertEquals(Problem.MALFORMED, problem(Map.of("Authorization", List.of("Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes())))));
    }

    @Test
    void neverPrintsTheSecretOrTheWholeId() throws Exception {
        ClientCredentials credentials = parse(Map.of("X-SDP-Client-Id", List.of(ID), "X-SDP-Client-Secret", List.of(SECRET)));
        assertEquals("1000.2DK…K3H", credentials.maskedClientId());
        assertFalse(credentials.toString().contains(SECRET));
        assertFalse(credentials.toString().contains(ID));
        assertEquals(64, credentials.clientHash().length());
    }
}
