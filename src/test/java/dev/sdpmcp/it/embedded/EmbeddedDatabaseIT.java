package dev.sdpmcp.it.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.Deployments;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RunsOnEmbedded;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.annotation.Resource;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With no database configured (no SDP_DB_HOST) the server keeps its data in an embedded H2 file. Runs inside the
 * server so it can read that database directly after a tool call made over MCP.
 */
@RunsOnEmbedded
@ExtendWith(ArquillianExtension.class)
class EmbeddedDatabaseIT {

    @Deployment
    static WebArchive app() {
        return Deployments.serverWith(EmbeddedDatabaseIT.class, EmbeddedUser.class, McpClients.class);
    }

    @Resource(lookup = "jdbc/sdpEmbedded")
    DataSource embedded;

    @Test
    void aToolCallIsARowInTheEmbeddedDatabaseFile() throws Exception {
        URL base = new URL("http://127.0.0.1:" + ConfigProvider.getConfig().getValue("SDP_HTTP_PORT", Integer.class) + "/");
        try (McpSyncClient client = McpClients.streamable(base, EmbeddedUser.USER.headers())) {
            client.initialize();
            client.callTool(new McpSchema.CallToolRequest("check_auth_status", Map.of()));
        }
        try (Connection db = embedded.getConnection();
                PreparedStatement query = db.prepareStatement("SELECT tool_name, outcome, transport FROM usage_log WHERE client_hash = ?")) {
            query.setString(1, EmbeddedUser.USER.clientHash());
            // the row is written in the background, a few milliseconds after the call
            for (long deadline = System.nanoTime() + 10_000_000_000L; System.nanoTime() < deadline; Thread.sleep(50)) {
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        break;
                    }
                }
            }
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "the call was recorded");
                assertEquals("check_auth_status", row.getString("tool_name"));
                assertEquals("ok", row.getString("outcome"));
                assertEquals("streamable", row.getString("transport"));
            }
            assertEquals("H2", db.getMetaData().getDatabaseProductName());
        }
        Path dataDir = Path.of(ConfigProvider.getConfig().getValue("SDP_DATA_DIR", String.class));
        assertTrue(Files.isRegularFile(dataDir.resolve("sdp-mcp.mv.db")), "database file in SDP_DATA_DIR");
    }
}
