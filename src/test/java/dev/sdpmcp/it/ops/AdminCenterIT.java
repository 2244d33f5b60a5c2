package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.it.Http;
import dev.sdpmcp.it.RawSse;
import dev.sdpmcp.it.ToolIT;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;

/**
 * The production configuration's Liberty admin center, on the HTTPS port that SDP_KEYSTORE_PASSWORD opens (the
 * it-postgresql run sets it; Liberty makes a self-signed certificate): administrators of the group sdp-admin reach it
 * and the JMX REST connector, where the ServerStatus MBean shows this server's sessions and users.
 */
class AdminCenterIT extends ToolIT {

    static final String STATUS = "/IBMJMXConnectorREST/mbeans/dev.sdpmcp%3Atype%3DServerStatus/attributes";

    /** The server's certificate is self-signed: trust it, as an operator's browser would after the warning. */
    static final HttpClient TLS = HttpClient.newBuilder().sslContext(trustingContext()).connectTimeout(Duration.ofSeconds(5)).build();

    static SSLContext trustingContext() {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static URI https(String path) {
        return URI.create("https://127.0.0.1:" + System.getProperty("it.https.port") + path);
    }

    static HttpResponse<String> get(URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        return TLS.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Integer> numbers(HttpResponse<String> attributes) throws Exception {
        Map<String, Integer> values = new HashMap<>();
        for (JsonNode attribute : OperationsIT.JSON.readTree(attributes.body())) {
            String value = attribute.path("value").path("value").asText();
            if (value.matches("\\d+")) {
                values.put(attribute.path("name").asText(), Integer.parseInt(value));
            }
        }
        return values;
    }

    @Test
    void theAdminCenterIsServedOverHttpsOnly() throws Exception {
        HttpResponse<String> page = get(https("/adminCenter/"), Map.of());
        assertTrue(page.statusCode() == 200 || page.statusCode() == 302, page.statusCode() + " " + page.body());
        HttpResponse<String> plain = Http.send("GET", uri("/adminCenter/"), Map.of(), null);
        assertNotEquals(200, plain.statusCode(), "no administrator logs in over plain HTTP");

        String log = Files.readString(Path.of(System.getProperty("it.logs.dir"), "postgresql", "messages.log"));
        assertTrue(log.contains("Liberty admin center at https://127.0.0.1:" + System.getProperty("it.https.port") + "/adminCenter/"),
                "the banner tells operators where the admin center is");
    }

    @Test
    void theServerStatusMBeanShowsSessionsAndUsersToAdministratorsOnly() throws Exception {
        assertEquals(401, get(https(STATUS), Map.of()).statusCode(), "anonymous");
        assertEquals(403, get(https(STATUS), OperationsIT.VIEWER).statusCode(), "a user outside sdp-admin");

        HttpResponse<String> before = get(https(STATUS), OperationsIT.ADMIN);
        assertEquals(200, before.statusCode(), before.body());
        Map<String, Integer> figures = numbers(before);
        assertTrue(figures.keySet().containsAll(List.of("SseSessions", "StreamableSessions", "OpenEventStreams",
                "AuthorizedUsers", "UsersNeedingReauthorization")), before.body());
        assertTrue(figures.get("StreamableSessions") >= 1, "this test's own client: " + before.body());
        assertTrue(figures.get("AuthorizedUsers") >= 1, "this test's user authorized: " + before.body());
        assertTrue(before.body().contains("\"ZohoCircuit\"") && before.body().contains("\"ServiceDeskCircuit\""), before.body());
        assertFalse(before.body().contains(user.clientSecret()), "no secret in the MBean");

        try (RawSse stream = RawSse.open(uri(""), "/sse", user.headers())) {
            stream.endpoint();
            int sse = numbers(get(https(STATUS), OperationsIT.ADMIN)).get("SseSessions");
            assertTrue(sse >= 1, "the open SSE stream is counted");
        }
    }
}
