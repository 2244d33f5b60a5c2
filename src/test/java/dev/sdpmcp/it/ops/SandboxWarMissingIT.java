package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.SecondServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A sandbox (no SDP_BASE_URL) deployed like production, without the sandbox WAR, says so in its log soon after
 * start-up, with what to do, instead of failing each authorization later.
 */
@RunsOnPostgresql
class SandboxWarMissingIT {

    static final String WARNING = "The sandbox WAR is not deployed";

    @Test
    void aSandboxWithoutTheSandboxWarSaysSoAtStartUp() throws Exception {
        int port = Integer.parseInt(System.getenv("SDP_HTTP_PORT")) + 32;
        try (SecondServer server = SecondServer.start("sdp-no-sandbox-war", port, Map.of(), false)) {
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (!server.logText().contains(WARNING) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            String log = server.logText();
            assertTrue(log.contains(WARNING) && log.contains("target/sdp-sandbox.war") && log.contains("SDP_BASE_URL"),
                    "the log says the sandbox WAR is missing and what to do: " + log);
        }
    }
}
