package dev.sdpmcp.it.embedded;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.ClientTestBase;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RunsOnEmbeddedRestart;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs in a second server start over the same SDP_DATA_DIR as {@link EmbeddedDatabaseIT} (see pom.xml): what the
 * first run recorded is still there, read back through MCP.
 */
@RunsOnEmbeddedRestart
class EmbeddedDatabaseRestartIT extends ClientTestBase {

    @Test
    void bannerNamesTheEmbeddedDatabase() throws Exception {
        String log = Files.readString(Path.of(System.getProperty("it.logs.dir"), "embedded-restart", "messages.log"));
        assertTrue(log.contains("Database: embedded (H2 file in "), "banner names the embedded database");
        assertTrue(log.contains("it-data/embedded) — Connected"), "banner names SDP_DATA_DIR and the connection");
    }

    @Test
    void usageRecordedBeforeTheRestartIsStillThere() {
        try (McpSyncClient client = McpClients.sse(base, EmbeddedUser.USER.headers())) {
            client.initialize();
            var result = client.callTool(new McpSchema.CallToolRequest("check_auth_status", Map.of()));
            @SuppressWarnings("unchecked")
            Map<String, Object> status = (Map<String, Object>) result.structuredContent();
            assertTrue(((Number) status.get("calls_last_24h")).intValue() >= 1,
                    "calls recorded before the restart: " + status.get("calls_last_24h"));
        }
    }
}
