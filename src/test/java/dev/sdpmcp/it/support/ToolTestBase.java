package dev.sdpmcp.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A tool test as a user lives it: a fresh, authorized user connected over MCP to the sandbox (the simulators), calling
 * tools and reading their answers; the simulator's request log shows what reached ServiceDesk Plus.
 */
public abstract class ToolTestBase extends ClientTestBase {

    /** An id no record has. */
    protected static final String UNKNOWN_ID = "999999999999999999";

    protected TestUsers user;
    protected McpSyncClient client;
    /** What the server asked this user before something that cannot be undone (they always agree). */
    protected final List<String> questions = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void connectAuthorizedUser() {
        user = authorizedUser();
        client = agreeingClient(base);
    }

    /** The user's client on a server, initialized: it asks its user what the server asks, and they agree. */
    protected McpSyncClient agreeingClient(java.net.URL server) {
        McpSyncClient agreeing = McpClients.asking(server, user.headers(), false, question -> {
            questions.add(question.message());
            return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("confirm", true));
        });
        agreeing.initialize();
        return agreeing;
    }

    @AfterEach
    void disconnect() {
        if (client != null) {
            client.close();
        }
    }

    protected ZohoSim zoho() {
        return new ZohoSim(uri(""));
    }

    protected SdpSim sdp() {
        return new SdpSim(uri(""));
    }

    /** A new user with a stored authorization (the REST way, so the tools under test are not involved). */
    protected TestUsers authorizedUser() {
        return authorizedUser(uri(""), zoho());
    }

    /** The same on any server (e.g. a second server process) whose Zoho is {@code zoho}. */
    public static TestUsers authorizedUser(URI server, ZohoSim zoho) {
        return TestUsers.authorized(server, zoho);
    }

    /** The input_data the simulator received with this user's last call of that method to a path containing {@code path}. */
    protected JsonNode sent(String method, String path) throws Exception {
        JsonNode input = sdp().last(user, method, path).path("input_data");
        return input.isTextual() ? new ObjectMapper().readTree(input.asText()) : input;
    }

    /**
     * The id a lookup value (e.g. priorities "High") has in a simulator portal, read straight from the simulator with
     * the user's token: each portal numbers its values its own way.
     */
    protected String lookupId(String portal, String lookup, String valueName) throws Exception {
        List<String> tokens = zoho().tokens(user);
        var response = Http.send("GET", uri("/sandbox/sdp/app/" + portal + "/api/v3/" + lookup), Map.of("Authorization",
                "Zoho-oauthtoken " + tokens.get(tokens.size() - 1), "Accept", "application/vnd.manageengine.sdp.v3+json"), null);
        for (JsonNode value : new ObjectMapper().readTree(response.body()).path(lookup)) {
            if (value.path("name").asText().equals(valueName)) {
                return value.path("id").asText();
            }
        }
        throw new AssertionError("no " + lookup + " " + valueName + " in " + response.body());
    }

    /** The keys of a JSON object, e.g. of the entity a tool sent: only what the user gave. */
    protected static Set<String> keys(JsonNode node) {
        Set<String> keys = new HashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /**
     * How tools present themselves to Claude: offered, a short description, every argument described, and annotations
     * that say what each does: "read" (read-only, with an output schema), "add" (writes, not destructive, and not
     * idempotent: each call adds one more), "change" (overwrites: destructive and idempotent) or "remove" (destructive,
     * and not idempotent: a second call finds nothing left to remove).
     */
    @SuppressWarnings("unchecked")
    protected void assertPresented(Map<String, String> kinds) {
        Map<String, McpSchema.Tool> listed = new HashMap<>();
        client.listTools().tools().forEach(tool -> listed.put(tool.name(), tool));
        kinds.forEach((name, kind) -> {
            McpSchema.Tool tool = listed.get(name);
            assertNotNull(tool, name + " is offered");
            assertTrue(tool.description().length() <= 400, name + ": keep it short: " + tool.description());
            ToolHints hints = ToolHints.of(tool);
            assertEquals(kind.equals("read"), hints.readOnly(), name + " read-only");
            assertEquals(kind.equals("change") || kind.equals("remove"), hints.destructive(), name + " destructive");
            if (!kind.equals("read")) {
                assertEquals(kind.equals("change"), hints.idempotent(), name + " idempotent");
            }
            assertTrue(hints.openWorld(), name + " talks to ServiceDesk Plus");
            if (kind.equals("read")) {
                assertNotNull(tool.outputSchema(), name + " answers under an output schema");
            }
        });
    }

    /** A record's tasks and worklogs through the five tools every such module has, checked at the simulator. */
    protected void assertTasksAndWorklogs(String noun, String idArg, String id) throws Exception {
        String path = "/" + noun + "s/" + id;
        Map<String, Object> task = entity(ok("add_" + noun + "_task", Map.of(idArg, id, "title", "Check the logs", "priority", "High")), "task");
        assertEquals("Check the logs", sent("POST", path + "/tasks").path("task").path("title").asText());
        String taskId = String.valueOf(task.get("id"));
        assertEquals(1, rows(ok("list_" + noun + "_tasks", Map.of(idArg, id)), "tasks").size());
        assertEquals("Closed", name(entity(ok("update_" + noun + "_task", Map.of(idArg, id, "task_id", taskId, "status", "Closed")),
                "task"), "status"));
        assertEquals("Closed", sent("PUT", path + "/tasks/" + taskId).path("task").path("status").path("name").asText());

        ok("add_" + noun + "_worklog", Map.of(idArg, id, "owner", "Administrator", "hours", 2, "description", "Traced it"));
        JsonNode worklog = sent("POST", path + "/worklogs").path("worklog");
        assertEquals("2", worklog.path("time_spent").path("hours").asText());
        assertEquals("Administrator", worklog.path("owner").path("name").asText());
        List<Map<String, Object>> logged = rows(ok("list_" + noun + "_worklogs", Map.of(idArg, id)), "worklogs");
        assertEquals(1, logged.size());
        assertEquals("Traced it", logged.get(0).get("description"));
        assertTrue(error("add_" + noun + "_worklog", Map.of(idArg, id, "hours", 1)).contains("owner"));
        assertTrue(error("list_" + noun + "_tasks", Map.of(idArg, UNKNOWN_ID)).contains(UNKNOWN_ID));
    }

    protected CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    /** Calls a tool that must succeed; its structured content (empty for text-only tools). */
    @SuppressWarnings("unchecked")
    protected Map<String, Object> ok(String tool, Map<String, Object> arguments) {
        CallToolResult result = call(tool, arguments);
        assertFalse(Boolean.TRUE.equals(result.isError()), tool + " failed: " + text(result));
        assertFalse(text(result).isBlank(), tool + " answered no text");
        return result.structuredContent() == null ? Map.of() : (Map<String, Object>) result.structuredContent();
    }

    /** Creates a record through a tool that must succeed; its id. */
    protected String created(String tool, String root, Map<String, Object> arguments) {
        return String.valueOf(entity(ok(tool, arguments), root).get("id"));
    }

    /** Calls a tool that must fail; its message, which must not leak internals. */
    protected String error(String tool, Map<String, Object> arguments) {
        CallToolResult result = call(tool, arguments);
        assertTrue(Boolean.TRUE.equals(result.isError()), tool + " should have failed: " + text(result));
        String text = text(result);
        assertFalse(text.contains("Exception") || text.contains("\tat ") || text.contains("failed unexpectedly"),
                "a message for people, not a crash: " + text);
        return text;
    }

    protected static String text(CallToolResult result) {
        return result.content().isEmpty() ? "" : ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @SuppressWarnings("unchecked")
    protected static List<Map<String, Object>> rows(Map<String, Object> page, String root) {
        return (List<Map<String, Object>>) page.get(root);
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> entity(Map<String, Object> answer, String root) {
        return (Map<String, Object>) answer.get(root);
    }

    @SuppressWarnings("unchecked")
    protected static String name(Map<String, Object> entity, String field) {
        Object value = entity.get(field);
        return value instanceof Map<?, ?> map ? String.valueOf(((Map<String, Object>) map).get("name")) : String.valueOf(value);
    }
}
