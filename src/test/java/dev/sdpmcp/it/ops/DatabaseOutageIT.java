package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.Http;
import dev.sdpmcp.it.McpClients;
import dev.sdpmcp.it.PrivatePostgres;
import dev.sdpmcp.it.SecondServer;
import dev.sdpmcp.it.ToolIT;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped and started under a running server: readiness goes DOWN and comes back UP by itself, and users
 * are told what is wrong meanwhile. The database is a cluster of this test's own ({@link PrivatePostgres}), used by a
 * second server process ({@link SecondServer}) that shares the first one's simulators: the shared PostgreSQL is never
 * stopped.
 */
class DatabaseOutageIT extends ToolIT {

    static int readiness(SecondServer server) {
        return Http.send("GET", server.uri("/health/ready"), Map.of(), null).statusCode();
    }

    static int awaitReadiness(SecondServer server, int expected, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        int status = readiness(server);
        while (status != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            status = readiness(server);
        }
        return status;
    }

    @Test
    void readinessFollowsPostgresqlWithoutARestart() throws Exception {
        Map<String, String> settings = new HashMap<>();
        try (PrivatePostgres pg = PrivatePostgres.create("outage-pg")) {
            settings.putAll(pg.serverSettings());
            settings.putAll(SecondServer.sharingSandboxOf(uri("")));
            int port = Integer.getInteger("it.outage.port", Integer.getInteger("it.http.port", 9080) + 3);
            try (SecondServer server = SecondServer.start("sdp-outage", port, settings)) {
                user = authorizedUser(server.base(), zoho());
                client.close();
                client = McpClients.streamable(server.base().toURL(), user.headers());
                client.initialize();
                assertEquals(200, readiness(server));

                pg.stop();
                try {
                    // right away, while the gateway still knows this user's secret: the tool says what is wrong
                    String told = error("check_auth_status", Map.of());
                    assertTrue(told.contains("database"), told);
                    assertEquals(503, awaitReadiness(server, 503, 60_000), "readiness goes DOWN with the database");
                    assertEquals(200, Http.send("GET", server.uri("/health/live"), Map.of(), null).statusCode(), "but the server lives");
                } finally {
                    pg.start();
                }
                assertEquals(200, awaitReadiness(server, 200, 90_000), "readiness comes back UP by itself");
                assertEquals(1, rows(ok("list_requests", Map.of("page_size", 1)), "requests").size(), "and work resumes");
            }
        }
    }
}
