package dev.sdpmcp.tools;

import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.tokens.TokenException;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.Map;

/**
 * One MCP tool, declared in one place: name, title, what it is for, its group, its input and output schemas, how it
 * acts ({@link Hints}) and the code that runs it. Tool groups publish these as CDI producer methods;
 * {@link ToolCatalog} serves them.
 *
 * @param outputSchema null for tools that only answer in text
 */
public record ToolDefinition(String name, String title, String description, Toolset toolset,
        Map<String, Object> inputSchema, Map<String, Object> outputSchema, Hints hints, ToolHandler handler,
        Preview.Previewer confirmation) {

    /** The argument that carries a confirmation (see {@link #confirmedBy}). */
    public static final String CONFIRMATION_ARG = "confirmation";

    public ToolDefinition(String name, String title, String description, Toolset toolset, Map<String, Object> inputSchema,
            Map<String, Object> outputSchema, Hints hints, ToolHandler handler) {
        this(name, title, description, toolset, inputSchema, outputSchema, hints, handler, null);
    }

    /**
     * The same tool, run only once the user agreed to what {@code previewer} shows (unless SDP_CONFIRM_DESTRUCTIVE is
     * off): for what cannot be undone. Its input schema gains the {@value #CONFIRMATION_ARG} argument.
     */
    public ToolDefinition confirmedBy(Preview.Previewer previewer) {
        Map<String, Object> schema = new java.util.LinkedHashMap<>(inputSchema);
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = new java.util.LinkedHashMap<>((Map<String, Object>) schema.get("properties"));
        properties.put(CONFIRMATION_ARG, JsonSchemas.typed("string", "Only after the user agreed to the preview this tool answered with"));
        schema.put("properties", properties);
        return new ToolDefinition(name, title, description, toolset, schema, outputSchema, hints, handler, previewer);
    }

    /** The tool as tools/list shows it. */
    public Tool tool() {
        return Tool.builder(name, inputSchema).title(title).description(description).outputSchema(outputSchema)
                .annotations(annotations()).build();
    }

    /** The same tool as the stateless (2026-07-28) server lists it. */
    public io.modelcontextprotocol.modern.McpSchema.Tool statelessTool() {
        ToolAnnotations a = annotations();
        return new io.modelcontextprotocol.modern.McpSchema.Tool(name, title, description, inputSchema, outputSchema,
                new io.modelcontextprotocol.modern.McpSchema.ToolAnnotations(a.title(), a.readOnlyHint(), a.destructiveHint(),
                        a.idempotentHint(), a.openWorldHint()), null, null);
    }

    /**
     * The MCP annotations, only where they differ from the protocol's defaults (not read-only, destructive, not
     * idempotent, open world): a read-only tool says only that; a write says whether it is destructive and, if so,
     * idempotent. The title is the tool's own (not repeated here).
     */
    public ToolAnnotations annotations() {
        boolean reads = hints.readOnlyHint();
        return new ToolAnnotations(null, reads ? Boolean.TRUE : null, reads ? null : hints.destructiveHint(),
                !reads && hints.idempotentHint() ? Boolean.TRUE : null, hints.openWorldHint() ? null : Boolean.FALSE, null);
    }

    /** The same tool run by another handler (one that checks more, then hands over). */
    public ToolDefinition withHandler(ToolHandler other) {
        return new ToolDefinition(name, title, description, toolset, inputSchema, outputSchema, hints, other, confirmation);
    }

    /**
     * How a tool acts, as clients show it: {@code Hints.reads()}, or {@code Hints.writes()} narrowed with
     * {@link #destructive()} (it overwrites or deletes) and {@link #idempotent()} (repeating it changes nothing more);
     * {@link #local()} for a tool that talks to neither ServiceDesk Plus nor Zoho.
     */
    public record Hints(boolean readOnlyHint, boolean destructiveHint, boolean idempotentHint, boolean openWorldHint) {

        public static Hints reads() {
            return new Hints(true, false, true, true);
        }

        public static Hints writes() {
            return new Hints(false, false, false, true);
        }

        public Hints destructive() {
            return new Hints(readOnlyHint, true, idempotentHint, openWorldHint);
        }

        public Hints idempotent() {
            return new Hints(readOnlyHint, destructiveHint, true, openWorldHint);
        }

        public Hints local() {
            return new Hints(readOnlyHint, destructiveHint, idempotentHint, false);
        }
    }

    @FunctionalInterface
    public interface ToolHandler {
        /** The answer; or why not, in words for people: refused here, by ServiceDesk Plus, or for want of a token. */
        ToolResult handle(ToolCall call) throws ToolException, SdpException, TokenException;
    }
}
