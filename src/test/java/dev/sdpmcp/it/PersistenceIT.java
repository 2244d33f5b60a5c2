package dev.sdpmcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.ClientTestBase;
import dev.sdpmcp.it.support.Db;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Usage rows land in the real PostgreSQL; the start-up banner tells operators what they are running. */
@RunsOnPostgresql
class PersistenceIT extends ClientTestBase {

    @Test
    void everyToolCallIsARowInPostgresqlWithoutTheClientId() throws Exception {
        TestUsers user = TestUsers.fresh();
        try (McpSyncClient sse = McpClients.sse(base, user.headers()); McpSyncClient mcp = McpClients.streamable(base, user.headers())) {
            sse.initialize();
            mcp.initialize();
            sse.callTool(new McpSchema.CallToolRequest("check_auth_status", Map.of()));
            sse.callTool(new McpSchema.CallToolRequest("check_auth_status", Map.of()));
            mcp.callTool(new McpSchema.CallToolRequest("check_auth_status", Map.of()));
        }
        Db.awaitRows("usage_log", 3, "client_hash = ?", user.clientHash());
        List<String> transports = new ArrayList<>();
        try (Connection db = Db.postgres();
                PreparedStatement query = db.prepareStatement(
                        "SELECT tool_name, outcome, duration_ms, transport, called_at FROM usage_log WHERE client_hash = ? ORDER BY id")) {
            query.setString(1, user.clientHash());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    assertEquals("check_auth_status", rows.getString("tool_name"));
                    assertEquals("ok", rows.getString("outcome"));
                    assertTrue(rows.getInt("duration_ms") >= 0);
                    assertTrue(rows.getTimestamp("called_at").getTime() > System.currentTimeMillis() - 600_000);
                    transports.add(rows.getString("transport"));
                }
            }
            assertEquals(List.of("sse", "sse", "streamable"), transports);

            try (Statement scan = db.createStatement();
                    ResultSet everything = scan.executeQuery("SELECT * FROM usage_log")) {
                int columns = everything.getMetaData().getColumnCount();
                while (everything.next()) {
                    for (int c = 1; c <= columns; c++) {
                        String value = everything.getString(c);
                        assertFalse(value != null && value.contains(user.clientId().substring(5)), "client id stored in plain text");
                    }
                }
            }
        }
    }

    @Test
    void failuresAreRecordedTooWithTheirOutcome() throws Exception {
        TestUsers user = TestUsers.fresh();
        try (McpSyncClient client = McpClients.streamable(base, user.headers())) {
            client.initialize();
            client.callTool(new McpSchema.CallToolRequest("list_requests", Map.of())); // not authorized: an error answer
            client.callTool(new McpSchema.CallToolRequest("authorize", Map.of("code", "1000.not.valid"))); // refused by Zoho
        }
        Db.awaitRows("usage_log", 2, "client_hash = ?", user.clientHash());
        List<String> outcomes = new ArrayList<>();
        try (Connection db = Db.postgres();
                PreparedStatement query = db.prepareStatement("SELECT tool_name, outcome FROM usage_log WHERE client_hash = ? ORDER BY id")) {
            query.setString(1, user.clientHash());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    outcomes.add(rows.getString(1) + ":" + rows.getString(2));
                }
            }
        }
        assertEquals(List.of("list_requests:error", "authorize:error"), outcomes);
    }

    @Test
    void startupBannerNamesEndpointsInstanceAuthAndDatabase() throws Exception {
        String log = Files.readString(Path.of(System.getProperty("it.logs.dir"), "postgresql", "messages.log"));
        assertTrue(log.contains("Service Desk Plus MCP Server Ready (Self Client Auth)"), "banner missing");
        assertTrue(log.contains("Endpoint: http://127.0.0.1:" + base.getPort() + "/sse"));
        assertTrue(log.contains("Endpoint (Streamable HTTP): http://127.0.0.1:" + base.getPort() + "/mcp"));
        assertTrue(log.contains("Instance: ittest"));
        assertTrue(log.contains("Auth: Self Client (OAuth)"));
        assertTrue(log.contains("Database: PostgreSQL " + System.getProperty("it.db.user") + "@" + System.getProperty("it.db.host")
                + ":" + System.getProperty("it.db.port") + "/" + System.getProperty("it.db.name") + " — Connected"), "database line");
    }
}
