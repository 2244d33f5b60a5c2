package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.SecondServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A deployment with PostgreSQL that forgot SDP_BASE_URL does not quietly become the sandbox (whose simulated Zoho
 * hands out grant codes for any client id): without SDP_SANDBOX=true the application refuses to start, and the log
 * says what to set.
 */
@RunsOnPostgresql
class SandboxRequiredIT {

    @Test
    void postgresqlWithoutBaseUrlOrSandboxRefusesToServe() throws Exception {
        int port = Integer.parseInt(System.getenv("SDP_HTTP_PORT")) + 30;
        Map<String, String> env = new HashMap<>();
        env.put("SDP_SANDBOX", ""); // an empty value removes the test run's SDP_SANDBOX=true
        env.put("SDP_BASE_URL", "");
        env.put("SDP_ACCOUNTS_URL", "");
        String messages;
        try (SecondServer refused = SecondServer.startRefused("sdp-no-sandbox", port, env)) {
            messages = refused.logText();
        }
        assertTrue(messages.contains("sdp-mcp cannot start") && messages.contains("SDP_BASE_URL is not set")
                && messages.contains("SDP_SANDBOX=true"), "the log says what to set: " + messages);
        assertFalse(messages.contains("Service Desk Plus MCP Server Ready"), "no banner: it never served");
    }
}
