package dev.sdpmcp.tools;

import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.Map;

/**
 * One MCP tool, declared in one place: name, what it is for, its input and output schemas, its annotations and
 * the code that runs it. Tool groups publish these as CDI producer methods; {@link ToolCatalog} serves them.
 *
 * @param toolset     the group a user or operator can enable or hide (e.g. "requests"); "auth" is always on
 * @param outputSchema null for tools that only answer in text
 */
public record ToolDefinition(String name, String title, String description, String toolset,
        Map<String, Object> inputSchema, Map<String, Object> outputSchema, ToolAnnotations annotations,
        ToolHandler handler) {

    /** Annotations for a tool that only reads. {@code openWorld}: it talks to ServiceDesk Plus or Zoho. */
    public static ToolAnnotations readOnly(String title, boolean openWorld) {
        return new ToolAnnotations(title, true, false, true, openWorld, null);
    }

    /** Annotations for a tool that changes something; {@code destructive}: it deletes or overwrites. */
    public static ToolAnnotations writes(String title, boolean destructive, boolean idempotent, boolean openWorld) {
        return new ToolAnnotations(title, false, destructive, idempotent, openWorld, null);
    }

    @FunctionalInterface
    public interface ToolHandler {
        ToolResult handle(ToolCall call) throws ToolException;
    }
}
