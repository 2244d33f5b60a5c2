package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.it.support.ToolHints;
import dev.sdpmcp.it.support.ToolTestBase;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the module tool tests share: what reached the simulator, and how the tools are declared. */
abstract class SdpToolTestBase extends ToolTestBase {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String UNKNOWN_ID = "999999999999999999";

    /** The input_data the simulator received with the user's last call of that method to a path containing this. */
    protected JsonNode sent(String method, String path) throws Exception {
        JsonNode input = sdp().last(user, method, path).path("input_data");
        return input.isTextual() ? JSON.readTree(input.asText()) : input;
    }

    /** The search_criteria the user's last list call to that path sent, after checking that it asked for one page only. */
    String searchedFor(String path) throws Exception {
        JsonNode listInfo = sent("GET", path).path("list_info");
        assertEquals(20, listInfo.path("row_count").asInt(), "one page, not a bulk fetch");
        return listInfo.path("search_criteria").toString();
    }

    /** One field of every row of a page, as text. */
    static List<String> column(Map<String, Object> page, String root, String field) {
        return rows(page, root).stream().map(row -> String.valueOf(row.get(field))).toList();
    }

    /** How many calls of the user reached the simulator with this method and a path ending so. */
    long calls(String method, String pathEnd) {
        return sdp().log(user).stream().filter(entry -> entry.path("method").asText().equals(method)
                && entry.path("path").asText().endsWith(pathEnd)).count();
    }

    /** The keys of an object, e.g. of the entity a write sent. */
    protected static Set<String> keys(JsonNode object) {
        Set<String> keys = new HashSet<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    static String id(Map<String, Object> row) {
        return String.valueOf(row.get("id"));
    }

    /** A tool as the server lists it. */
    Tool tool(String name) {
        Tool tool = client.listTools().tools().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
        assertNotNull(tool, name + " is not offered");
        return tool;
    }

    /** A read-only tool with an output schema and a short description. */
    void assertReadOnly(String name) {
        Tool tool = tool(name);
        assertTrue(ToolHints.of(tool).readOnly(), name);
        assertTrue(ToolHints.of(tool).openWorld(), name);
        assertNotNull(tool.outputSchema(), name + " has no output schema");
        assertShortAndDescribed(tool);
    }

    /**
     * Descriptions fit Claude Code's limit easily. Arguments are described where their name does not say it, which the
     * reviewed snapshots of ToolSurfaceTest show (conventions are in the server's instructions).
     */
    static void assertShortAndDescribed(Tool tool) {
        assertTrue(!tool.description().isBlank() && tool.description().length() <= 200, tool.name() + ": " + tool.description());
    }

    static List<String> names(List<Map<String, Object>> rows, String field) {
        return rows.stream().map(row -> name(row, field)).toList();
    }
}
