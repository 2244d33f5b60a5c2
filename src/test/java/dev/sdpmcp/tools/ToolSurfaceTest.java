package dev.sdpmcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.config.Toolset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tool surface as data: each tool's tools/list entry is kept in {@code src/test/resources/toolsnaps/<name>.json},
 * and what the model reads stays within its budget. Any change to a tool's name, description, schemas or hints fails
 * here until the snapshots are rewritten on purpose, so it shows in review:
 *
 * <pre>mvn test -Dtest=ToolSurfaceTest -Dtoolsnaps.update=true</pre>
 *
 * The same flag rewrites the README's tool table and the size table of docs/performance.md, both generated from the
 * catalog; without it, a stale one fails.
 */
class ToolSurfaceTest {

    /** Average bytes per tool of tools/list (compact JSON, every group on): the context every conversation pays. */
    static final int BUDGET_PER_TOOL = 700;

    static final Path SNAPSHOTS = Path.of("src", "test", "resources", "toolsnaps");
    static final Path README = Path.of("README.md");
    static final Path PERFORMANCE = Path.of("docs", "performance.md");
    static final boolean UPDATE = Boolean.getBoolean("toolsnaps.update");
    static final ObjectMapper JSON = new ObjectMapper();

    final List<ToolDefinition> tools = ToolSurface.all();

    @Test
    void theStatelessProtocolListsEachToolAsTheClassicOneDoes() throws IOException {
        var json = new io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper(JSON);
        for (ToolDefinition tool : tools) {
            assertEquals(JSON.readTree(json.writeValueAsString(tool.tool())), JSON.readTree(json.writeValueAsString(
                    tool.statelessTool())), tool.name());
        }
    }

    @Test
    void everyServerListsEachToolInTheSameBytes() {
        // Map.of and Set.of iterate in an order salted per JVM, HashMap in one of its own: a schema built from them lists
        // its properties differently on each server, and the model's prompt cache misses whenever a call lands elsewhere
        List<String> unordered = new ArrayList<>();
        for (ToolDefinition tool : tools) {
            unordered(tool.inputSchema(), tool.name() + " input schema", unordered);
            unordered(tool.outputSchema(), tool.name() + " output schema", unordered);
        }
        assertEquals(List.of(), unordered);
    }

    private static void unordered(Object value, String where, List<String> found) {
        if (value instanceof java.util.Map<?, ?> map) {
            if (map.size() > 1 && !(map instanceof java.util.LinkedHashMap || map instanceof java.util.SortedMap)) {
                found.add(where + ": " + map.getClass().getSimpleName() + " of " + map.keySet());
            }
            map.forEach((key, inner) -> unordered(inner, where + " › " + key, found));
        } else if (value instanceof java.util.Collection<?> items) {
            if (items.size() > 1 && !(items instanceof List || items instanceof java.util.LinkedHashSet
                    || items instanceof java.util.SortedSet)) {
                found.add(where + ": " + items.getClass().getSimpleName() + " of " + items);
            }
            items.forEach(inner -> unordered(inner, where, found));
        }
    }

    @Test
    void everyToolMatchesItsSnapshot() throws IOException {
        Files.createDirectories(SNAPSHOTS);
        List<String> changed = new ArrayList<>();
        for (ToolDefinition tool : tools) {
            Path file = SNAPSHOTS.resolve(tool.name() + ".json");
            String now = ToolSurface.pretty(tool);
            if (!Files.exists(file) || !JSON.readTree(Files.readString(file)).equals(JSON.readTree(now))) {
                changed.add(tool.name() + (Files.exists(file) ? "" : " (new)"));
                if (UPDATE) {
                    Files.writeString(file, now);
                }
            }
        }
        Set<String> names = tools.stream().map(ToolDefinition::name).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(SNAPSHOTS)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                if (!names.contains(name)) {
                    changed.add(name + " (gone)");
                    if (UPDATE) {
                        Files.delete(file);
                    }
                }
            }
        }
        if (!changed.isEmpty() && !UPDATE) {
            fail("The tool surface changed: " + changed + ". If that is meant, rewrite the snapshots with "
                    + "mvn test -Dtest=ToolSurfaceTest -Dtoolsnaps.update=true and review their diff.");
        }
    }

    @Test
    void toolsListStaysWithinItsBudget() {
        int bytes = tools.stream().mapToInt(tool -> ToolSurface.compact(tool).getBytes(StandardCharsets.UTF_8).length).sum();
        String largest = tools.stream().sorted(Comparator.comparingInt((ToolDefinition t) -> -ToolSurface.compact(t).length()))
                .limit(5).map(t -> t.name() + " " + ToolSurface.compact(t).length()).collect(Collectors.joining(", "));
        assertTrue(bytes <= BUDGET_PER_TOOL * tools.size(), "tools/list is " + bytes + " bytes for " + tools.size()
                + " tools, " + bytes / tools.size() + " a tool; the budget is " + BUDGET_PER_TOOL + ". Largest: " + largest);
    }

    @Test
    void everyToolIsTitledDescribedAndGrouped() {
        for (ToolDefinition tool : tools) {
            assertTrue(tool.name().matches("[a-z_]{3,40}"), tool.name());
            assertTrue(!tool.title().isBlank() && tool.title().length() <= 40, tool.name() + ": title " + tool.title());
            assertTrue(!tool.description().isBlank() && tool.description().length() <= 200, tool.name() + ": " + tool.description());
            assertEquals("object", tool.inputSchema().get("type"), tool.name());
            assertEquals(Boolean.FALSE, tool.inputSchema().get("additionalProperties"), tool.name() + " takes no other arguments");
            assertTrue(tool.hints().readOnlyHint() || tool.toolset() == Toolset.AUTH || tool.outputSchema() != null
                    || tool.name().matches("(close|assign|pickup|delete|restore)_request|set_resolution"
                            + "|(link|unlink|merge|associate|dissociate)_requests|delete_(request|problem|change)_attachment"), tool.name());
        }
    }

    @Test
    void theReadmeListsTheToolsOfEachGroup() throws IOException {
        regenerated(README, "<!-- tools: generated by ToolSurfaceTest -->", "<!-- /tools -->", readmeTable());
    }

    @Test
    void performanceReportsTheSizeOfEachGroup() throws IOException {
        regenerated(PERFORMANCE, "<!-- tools-size: generated by ToolSurfaceTest -->", "<!-- /tools-size -->", sizeTable());
    }

    String readmeTable() {
        StringBuilder table = new StringBuilder("| group (`toolsets`) | what | tools |\n|---|---|---|\n");
        for (Toolset group : Toolset.values()) {
            table.append("| ").append(group.id()).append(" | ").append(group.description()).append(" | ")
                    .append(tools.stream().filter(t -> t.toolset() == group).map(t -> "`" + t.name() + "`")
                            .collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        return table.toString();
    }

    String sizeTable() {
        StringBuilder table = new StringBuilder("| group | tools | bytes | ≈ tokens (bytes ÷ 4) |\n|---|---:|---:|---:|\n");
        int allBytes = 0;
        for (Toolset group : Toolset.values()) {
            List<ToolDefinition> members = tools.stream().filter(t -> t.toolset() == group).toList();
            int bytes = members.stream().mapToInt(t -> ToolSurface.compact(t).getBytes(StandardCharsets.UTF_8).length).sum();
            allBytes += bytes;
            table.append("| ").append(group.id()).append(" | ").append(members.size()).append(" | ").append(bytes)
                    .append(" | ").append(bytes / 4).append(" |\n");
        }
        return table.append("| all | ").append(tools.size()).append(" | ").append(allBytes).append(" | ")
                .append(allBytes / 4).append(" |\n").toString();
    }

    /** The text between the markers of {@code file} is {@code content}; rewritten with the flag, else a failure. */
    private static void regenerated(Path file, String start, String end, String content) throws IOException {
        String text = Files.readString(file);
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        assertTrue(from >= 0 && to > from, file + " needs the markers " + start + " and " + end);
        String updated = text.substring(0, from + start.length()) + "\n" + content + text.substring(to);
        if (!updated.equals(text)) {
            if (UPDATE) {
                Files.writeString(file, updated);
            } else {
                fail(file + " is stale: rewrite it with mvn test -Dtest=ToolSurfaceTest -Dtoolsnaps.update=true");
            }
        }
    }

    @Test
    void toolNamesAreUnique() {
        Set<String> names = new TreeSet<>();
        tools.forEach(tool -> assertTrue(names.add(tool.name()), "two tools are named " + tool.name()));
    }
}
