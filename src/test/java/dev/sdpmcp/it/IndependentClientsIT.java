package dev.sdpmcp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.it.support.ClientTestBase;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Clients we did not write, installed from npm by the build (src/test/node): the TypeScript MCP SDK calls every tool
 * on both transports (checking each structured answer against the tool's output schema), and Claude Code — what our
 * users run — connects with the README's own .mcp.json.
 */
@RunsOnPostgresql
class IndependentClientsIT extends ClientTestBase {

    static final Path NODE_DIR = Path.of(System.getProperty("it.node.dir"));
    static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, String output) {
    }

    static Run run(List<String> command, Path directory, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes(); // ends when the process does
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), command + " did not finish");
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    String server() {
        return base.toString().replaceAll("/$", "");
    }

    @Test
    void theTypeScriptSdkUsesEveryToolOnBothTransports() throws Exception {
        for (String transport : List.of("streamable", "sse")) {
            Run run = run(List.of("node", "every-tool.mjs", server(), transport), NODE_DIR, Map.of());
            assertEquals(0, run.exit(), transport + ": " + run.output());
            String summary = run.output().lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b).orElseThrow();
            assertTrue(JSON.readTree(summary).path("tools").asInt() >= 60, summary);
        }
    }

    /** The README's .mcp.json entry, pointed at this server; the same with "type": "http" and /mcp, as it says. */
    static String readmeConfiguration(String server) throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("it.readme")));
        Matcher block = Pattern.compile("```json\\n(\\{\\s*\"mcpServers\".*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "the README shows a .mcp.json");
        ObjectNode configuration = (ObjectNode) JSON.readTree(block.group(1).replace("https://SERVER_HOST", server));
        ObjectNode servers = (ObjectNode) configuration.path("mcpServers");
        String name = servers.fieldNames().next();
        ObjectNode http = servers.get(name).deepCopy();
        http.put("type", "http").put("url", server + "/mcp");
        servers.set(name + "-http", http);
        return JSON.writeValueAsString(configuration);
    }

    @Test
    void claudeCodeConnectsWithTheReadmesConfiguration() throws Exception {
        Path home = Files.createTempDirectory("claude-home");
        Path project = Files.createDirectories(home.resolve("project"));
        Files.writeString(project.resolve(".mcp.json"), readmeConfiguration(server()));
        // What answering "trust this folder" and approving the project's servers once writes.
        ObjectNode state = JSON.createObjectNode();
        state.putObject("projects").putObject(project.toString()).put("hasTrustDialogAccepted", true)
                .put("enableAllProjectMcpServers", true);
        Files.writeString(home.resolve(".claude.json"), JSON.writeValueAsString(state));

        TestUsers user = TestUsers.fresh();
        Map<String, String> environment = Map.of("HOME", home.toString(), "DISABLE_AUTOUPDATER", "1",
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1", "SDP_CLIENT_ID", user.clientId(), "SDP_CLIENT_SECRET", user.clientSecret());
        String claude = NODE_DIR.resolve("node_modules/.bin/claude").toString();
        double modernBefore = mcpRequests("2026-07-28", "streamable");
        double sessionsBefore = mcpRequests("2025-11-25", "streamable");
        Run list = run(List.of(claude, "mcp", "list"), project, environment);
        List<String> servers = list.output().lines().filter(line -> line.contains(server())).toList();
        assertEquals(2, servers.size(), list.output());
        servers.forEach(line -> assertTrue(line.contains("Connected") && !line.contains("Failed"), list.output()));
        // "type": "http" negotiated the stateless 2026-07-28 protocol: recorded so, and no initialize followed
        assertTrue(mcpRequests("2026-07-28", "streamable") > modernBefore, "Claude Code spoke 2026-07-28 on /mcp");
        assertEquals(sessionsBefore, mcpRequests("2025-11-25", "streamable"), "Claude Code fell back to an initialize session");

        Map<String, String> withoutCredentials = new HashMap<>(environment);
        withoutCredentials.remove("SDP_CLIENT_ID");
        withoutCredentials.remove("SDP_CLIENT_SECRET");
        Run refused = run(List.of(claude, "mcp", "list"), project, withoutCredentials);
        assertTrue(refused.output().lines().filter(line -> line.contains(server())).noneMatch(line -> line.contains("Connected")),
                "without the variables the server refuses: " + refused.output());
    }
}
