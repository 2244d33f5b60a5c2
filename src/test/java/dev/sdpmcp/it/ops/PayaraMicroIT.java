package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.Db;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RawMcp;
import dev.sdpmcp.it.support.RawSse;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.SdpSim;
import dev.sdpmcp.it.support.Secrets;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ZohoSim;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The WAR the build made, unchanged, on Payara Micro (from Maven Central) instead of Open Liberty: started as an
 * operator would (README, docs/deployment.md "Payara") with the post-boot file of its database, then used over real
 * HTTP: health, both MCP transports, authorization through the Payara-hosted Zoho simulator, ServiceDesk Plus tools
 * against the Payara-hosted SDP simulator, the 401 without credentials, and /metrics.
 */
@RunsOnPostgresql
class PayaraMicroIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    @Test
    void servesOnPayaraWithPostgresql() throws Exception {
        String database = System.getProperty("it.db.name") + "_payara";
        Db.recreate(database);
        Map<String, String> env = new HashMap<>();
        env.put("SDP_DB_HOST", System.getProperty("it.db.host"));
        env.put("SDP_DB_PORT", System.getProperty("it.db.port"));
        env.put("SDP_DB_NAME", database);
        env.put("SDP_DB_USER", System.getProperty("it.db.user"));
        String password = System.getProperty("it.db.password");
        env.put("SDP_DB_PASSWORD", password.isEmpty() ? "()" : password); // Payara's notation for no password
        env.put("SDP_ENCRYPTION_KEY", freshKey());
        env.put("SDP_SANDBOX", "true"); // PostgreSQL without SDP_BASE_URL
        try (PayaraMicro payara = PayaraMicro.start("postgresql", env,
                List.of("--addlibs", Path.of(System.getProperty("it.jdbc.dir"), "postgresql.jar").toString()))) {
            payara.check(() -> {
                TestUsers user = servesTheMcpServer(payara, "PostgreSQL");
                try (var db = Db.postgres(database); var query = db.prepareStatement(
                        "SELECT count(*) FROM oauth_tokens WHERE client_id = ?")) {
                    query.setString(1, user.clientId());
                    try (var rows = query.executeQuery()) {
                        rows.next();
                        assertEquals(1, rows.getInt(1), "the authorization is stored in Payara's PostgreSQL database");
                    }
                }
            });
        }
    }

    @Test
    void servesOnPayaraWithTheEmbeddedDatabase() throws Exception {
        try (PayaraMicro payara = PayaraMicro.start("embedded", Map.of(), List.of())) {
            payara.check(() -> {
                servesTheMcpServer(payara, "embedded");
                assertTrue(Files.isRegularFile(payara.dataDir.resolve("sdp-mcp.mv.db")), "the H2 file is in SDP_DATA_DIR");
            });
        }
    }

    /** What a user and an operator see on any server; the authorized user. */
    private static TestUsers servesTheMcpServer(PayaraMicro payara, String database) throws Exception {
        HttpResponse<String> ready = Http.send("GET", payara.uri("/health/ready"), Map.of(), null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"status\":\"UP\""), ready.body());
        // anonymous readiness names its checks and nothing of where the database is (the details are for admins)
        assertFalse(ready.body().contains(database) || ready.body().contains("sdp-mcp.mv.db")
                || ready.body().contains(System.getProperty("it.db.host")), ready.body());

        HttpResponse<String> anonymous = Http.send("POST", payara.uri("/mcp"), RawMcp.JSON_POST, RawMcp.INITIALIZE);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertTrue(anonymous.body().contains("X-SDP-Client-Id"), "the refusal says what to send: " + anonymous.body());
        try (RawSse stream = RawSse.open(payara.base(), "/sse", Map.of("Accept", "text/event-stream"))) {
            assertEquals(401, stream.status());
        }

        HttpResponse<String> admin = Http.send("GET", payara.uri("/admin/usage"), Map.of(), null);
        assertEquals(401, admin.statusCode(), "the admin API belongs to Payara's security as well");

        TestUsers user = TestUsers.fresh();
        try (McpSyncClient sse = McpClients.sse(payara.url(), user.headers());
             McpSyncClient mcp = McpClients.streamable(payara.url(), user.headers())) {
            for (McpSyncClient client : List.of(sse, mcp)) {
                client.initialize();
                List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
                assertTrue(tools.containsAll(List.of("check_auth_status", "authorize", "list_requests", "get_request")),
                        tools.toString());
                assertEquals(false, status(client).get("authorized"));
            }

            CallToolResult authorized = call(sse, "authorize", Map.of("code", new ZohoSim(payara.base()).grantCode(user)));
            assertFalse(Boolean.TRUE.equals(authorized.isError()), text(authorized));
            assertEquals(true, status(mcp).get("authorized"), "authorized over /sse, seen over /mcp");

            List<Map<String, Object>> requests = rows(call(mcp, "list_requests", Map.of("page_size", 3)), "requests");
            assertFalse(requests.isEmpty(), "the simulator's requests are listed");
            String id = String.valueOf(requests.get(0).get("id"));
            Map<String, Object> request = entity(call(sse, "get_request", Map.of("request_id", id)), "request");
            assertEquals(id, String.valueOf(request.get("id")));
            // fails unless the call reached the SDP simulator Payara serves
            new SdpSim(payara.base()).last(user, "GET", "/requests/" + id);

            // an attachment through Jersey: the client's multipart EntityPart, the simulator's, a binary download
            byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, (byte) 0xff};
            Map<String, Object> added = entity(call(mcp, "add_request_attachment", Map.of("request_id", id, "file_name", "p.png",
                    "content_base64", Base64.getEncoder().encodeToString(png))), "attachment");
            assertEquals("input_file", new SdpSim(payara.base()).last(user, "PUT", "/requests/" + id + "/upload")
                    .path("input_data").path("multipart").path(0).path("name").asText());
            String uri = "sdp://requests/" + id + "/attachments/" + added.get("id");
            var blob = (McpSchema.BlobResourceContents) sse.readResource(new McpSchema.ReadResourceRequest(uri)).contents().get(0);
            assertEquals(Base64.getEncoder().encodeToString(png), blob.blob(), "the same bytes back on Payara");
        }

        HttpResponse<String> metrics = Http.send("GET", payara.uri("/metrics"), Map.of("Accept", "text/plain"), null);
        assertEquals(200, metrics.statusCode());
        assertEquals(1, OperationsIT.counter(metrics.body(), "list_requests", "ok"), "the tool call is counted");
        assertTrue(metrics.body().contains("sdp_sessions_open"), "the application's metrics are published");
        return user;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(McpSyncClient client) {
        return (Map<String, Object>) call(client, "check_auth_status", Map.of()).structuredContent();
    }

    private static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, arguments));
        assertFalse(Boolean.TRUE.equals(result.isError()) && !tool.equals("authorize"), tool + " failed: " + text(result));
        return result;
    }

    private static String text(CallToolResult result) {
        return result.content().isEmpty() ? "" : ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(CallToolResult result, String root) {
        return (List<Map<String, Object>>) ((Map<String, Object>) result.structuredContent()).get(root);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entity(CallToolResult result, String root) {
        return (Map<String, Object>) ((Map<String, Object>) result.structuredContent()).get(root);
    }

    private static String freshKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String encoded = Base64.getEncoder().encodeToString(key);
        Secrets.remember(encoded);
        return encoded;
    }

    /** A Payara Micro process running the WAR; stopped on close, whatever happened. */
    static final class PayaraMicro implements AutoCloseable {

        interface Check {
            void run() throws Exception;
        }

        final Process process;
        final Path log;
        final Path dataDir;
        final int port;

        private PayaraMicro(Process process, Path log, Path dataDir, int port) {
            this.process = process;
            this.log = log;
            this.dataDir = dataDir;
            this.port = port;
        }

        /** Starts Payara Micro with the post-boot file of that database and waits until the server is ready. */
        static PayaraMicro start(String database, Map<String, String> settings, List<String> extraArguments) throws Exception {
            int port = Integer.getInteger("it.payara.port");
            Path logs = Files.createDirectories(Path.of(System.getProperty("it.logs.dir"), "payara"));
            Path work = Path.of(System.getProperty("it.data.dir"), "payara", database);
            deleteTree(work); // a runtime directory keeps the resources of the last start
            Path dataDir = Files.createDirectories(work.resolve("data"));
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                    "-jar", System.getProperty("it.payara.jar"),
                    "--deploy", System.getProperty("it.war"), "--contextroot", "/",
                    // the simulators, a WAR of their own; its own context root wins over --contextroot
                    "--deploy", System.getProperty("it.sandbox.war") + File.pathSeparator + "/sandbox",
                    "--port", String.valueOf(port), "--nocluster", "--nohazelcast",
                    "--rootdir", Files.createDirectories(work.resolve("runtime")).toString(),
                    "--postbootcommandfile", Path.of(System.getProperty("it.payara.config"), "post-boot-" + database + ".asadmin").toString()));
            command.addAll(extraArguments);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            Path log = logs.resolve(database + ".log");
            builder.redirectOutput(log.toFile());
            // Only this server's settings: the test JVM carries those of the Liberty test server.
            builder.environment().keySet().removeIf(name -> name.startsWith("SDP_"));
            builder.environment().put("SDP_HTTP_PORT", String.valueOf(port));
            builder.environment().put("SDP_HTTP_HOST", "127.0.0.1");
            builder.environment().put("SDP_DATA_DIR", dataDir.toString());
            builder.environment().putAll(settings);
            PayaraMicro payara = new PayaraMicro(builder.start(), log, dataDir, port);
            try {
                payara.awaitReady();
            } catch (RuntimeException | Error e) {
                payara.close();
                throw e;
            }
            return payara;
        }

        private static void deleteTree(Path root) throws IOException {
            if (Files.exists(root)) {
                try (var paths = Files.walk(root)) {
                    for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        }

        private void awaitReady() throws InterruptedException {
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            String last = "no answer";
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new AssertionError("Payara Micro exited with " + process.exitValue() + tail());
                }
                try {
                    HttpResponse<String> ready = Http.send("GET", uri("/health/ready"), Map.of(), null);
                    if (ready.statusCode() == 200) {
                        return;
                    }
                    // Payara answers so while it deploys too; once it logged "ready in" the WAR has failed
                    if (ready.body().contains("No Application deployed") && logText().contains(" ready in ")) {
                        throw new AssertionError("Payara Micro started but the WAR did not deploy" + tail());
                    }
                    last = "HTTP " + ready.statusCode() + " " + ready.body();
                } catch (IllegalStateException notListening) {
                    last = String.valueOf(notListening.getCause());
                }
                Thread.sleep(1000);
            }
            throw new AssertionError("Payara Micro was not ready within " + START_TIMEOUT + " (" + last + ")" + tail());
        }

        /** Runs the checks; a failure carries the end of Payara's log. */
        void check(Check checks) throws Exception {
            try {
                checks.run();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + tail(), e);
            }
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + port);
        }

        URI uri(String path) {
            return URI.create(base() + path);
        }

        URL url() throws IOException {
            return base().toURL();
        }

        private String logText() {
            try {
                return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        String tail() {
            try {
                List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
                return "\n--- last lines of " + log + " ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
            } catch (IOException e) {
                return "\n(no log at " + log + ": " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
