package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.ToolTestBase;
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
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;

/**
 * Application administrators are not server administrators: a user of the group sdp-admin uses the admin API, but
 * Liberty's admin center, its JMX REST connector and /ibm/api (which reach every MBean and the server's files) are
 * not there in the production configuration, over HTTPS (on in the it-postgresql run) or plain HTTP.
 */
@RunsOnPostgresql
class AdminCenterIT extends ToolTestBase {

    static final List<String> SERVER_ADMIN_PATHS = List.of("/adminCenter/", "/IBMJMXConnectorREST",
            "/IBMJMXConnectorREST/mbeans/dev.sdpmcp%3Atype%3DServerStatus/attributes", "/IBMJMXConnectorREST/file/status",
            "/ibm/api/config", "/ibm/api/validation/dataSource/sdpPostgres", "/ibm/api/docs", "/ibm/api/explorer/");

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

    @Test
    void anApplicationAdministratorReachesNoneOfLibertysAdministration() throws Exception {
        for (String path : SERVER_ADMIN_PATHS) {
            for (Map<String, String> who : List.of(Map.<String, String>of(), OperationsIT.ADMIN)) {
                HttpResponse<String> https = get(https(path), who);
                int status = https.statusCode();
                assertTrue(status == 401 || status == 403 || status == 404, path + " over HTTPS answered " + status + " to "
                        + (who.isEmpty() ? "anonymous" : "ops-admin") + ": " + https.body());
                HttpResponse<String> plain = Http.send("GET", uri(path), who, null);
                // Liberty's own /ibm/api (its REST handler, which mpHealth and mpMetrics bring) sends plain HTTP to HTTPS, refused above
                boolean toHttps = plain.statusCode() == 302 && plain.headers().firstValue("Location").orElse("").startsWith("https://");
                assertTrue(plain.statusCode() == 401 || plain.statusCode() == 403 || plain.statusCode() == 404 || toHttps,
                        path + " over HTTP answered " + plain.statusCode());
            }
        }
        // /ibm/api itself stays: mpMetrics serves its handler there. To a logged-in user it lists only that handler
        // (the metrics /metrics already shows everyone), nothing of the server's administration.
        assertEquals(401, get(https("/ibm/api/"), Map.of()).statusCode());
        HttpResponse<String> roots = get(https("/ibm/api/"), OperationsIT.ADMIN);
        assertTrue(roots.statusCode() != 200 || allMetrics(OperationsIT.JSON.readTree(roots.body()).path("roots")),
                "/ibm/api/ lists " + roots.body());

        HttpResponse<String> users = get(https("/admin/users"), OperationsIT.ADMIN);
        assertEquals(200, users.statusCode(), "the admin API still serves sdp-admin: " + users.body());
        assertEquals(200, Http.send("GET", uri("/admin/sessions"), OperationsIT.ADMIN, null).statusCode());
    }

    static boolean allMetrics(JsonNode roots) {
        for (JsonNode root : roots) {
            if (!root.asText().startsWith("/metrics")) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theBannerSaysTheAdminCenterIsOff() throws Exception {
        String log = Files.readString(Path.of(System.getProperty("it.logs.dir"), "postgresql", "messages.log"));
        assertTrue(log.contains("admin center and JMX REST connector are off unless configured"), "the banner says so");
        assertFalse(log.contains("/adminCenter/") || log.contains("/IBMJMXConnectorREST"),
                "Liberty announced no admin web application (CWWKT0016I)");
    }
}
