package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.Http;
import dev.sdpmcp.it.ToolIT;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped and started under a running server: readiness goes DOWN and comes back UP by itself, and users
 * are told what is wrong meanwhile. The cluster is stopped for real (it is always started again); the commands can
 * be changed with -Dit.db.stop and -Dit.db.start.
 */
class DatabaseOutageIT extends ToolIT {

    static List<String> command(String property, String action) {
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            return Arrays.asList(configured.trim().split("\\s+"));
        }
        String[] versions = new File("/etc/postgresql").list();
        if (versions == null || versions.length == 0) {
            throw new IllegalStateException("No Debian PostgreSQL cluster found: set -D" + property + " to the command that " + action + "s PostgreSQL");
        }
        Arrays.sort(versions);
        return List.of("pg_ctlcluster", "--skip-systemctl-redirect", versions[versions.length - 1], "main", action, "-m", "fast");
    }

    static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        assertEquals(0, exit, command + ": " + output);
    }

    int readiness() {
        return Http.send("GET", uri("/health/ready"), Map.of(), null).statusCode();
    }

    int awaitReadiness(int expected, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        int status = readiness();
        while (status != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            status = readiness();
        }
        return status;
    }

    @Test
    void readinessFollowsPostgresqlWithoutARestart() throws Exception {
        assertEquals(200, readiness());
        run(command("it.db.stop", "stop"));
        try {
            // right away, while the gateway still knows this user's secret: the tool says what is wrong
            String told = error("check_auth_status", Map.of());
            assertTrue(told.contains("database"), told);
            assertEquals(503, awaitReadiness(503, 60_000), "readiness goes DOWN with the database");
            assertEquals(200, Http.send("GET", uri("/health/live"), Map.of(), null).statusCode(), "but the server lives");
        } finally {
            run(command("it.db.start", "start"));
        }
        assertEquals(200, awaitReadiness(200, 90_000), "readiness comes back UP by itself");
        assertTrue(rows(ok("list_requests", Map.of("page_size", 1)), "requests").size() == 1, "and work resumes");
    }
}
