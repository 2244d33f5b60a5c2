package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.PrivatePostgres;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.SecondServer;
import dev.sdpmcp.it.support.ToolTestBase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped and started under a running server: readiness goes DOWN and comes back UP by itself, and users
 * are told what is wrong meanwhile. The database is a cluster of this test's own ({@link PrivatePostgres}), used by a
 * second server process ({@link SecondServer}) that shares the first one's simulators: the shared PostgreSQL is never
 * stopped.
 */
@RunsOnPostgresql
class DatabaseOutageIT extends ToolTestBase {

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

    /** tool:outcome of a user's usage rows, once the one of the last call is written (it is, in the background). */
    static List<String> usage(PrivatePostgres pg, String clientHash) throws Exception {
        List<String> calls = new ArrayList<>();
        for (long deadline = System.nanoTime() + 30_000_000_000L; System.nanoTime() < deadline; Thread.sleep(200)) {
            calls.clear();
            try (Connection db = pg.connect(); PreparedStatement query = db.prepareStatement(
                    "SELECT tool_name, outcome FROM usage_log WHERE client_hash = ? AND tool_name <> 'authorize' ORDER BY called_at")) {
                query.setString(1, clientHash);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        calls.add(rows.getString(1) + ":" + rows.getString(2));
                    }
                }
            }
            if (calls.contains("list_requests:ok")) {
                break;
            }
        }
        return calls;
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
                // the usage row of the call made while the database was down waited in memory and is written now
                List<String> usage = usage(pg, user.clientHash());
                assertEquals(2, usage.size(), usage.toString());
                assertTrue(usage.get(0).startsWith("check_auth_status:") && usage.get(1).equals("list_requests:ok"), usage.toString());
            }
        }
    }
}
