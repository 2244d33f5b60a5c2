package dev.sdpmcp.it.support;

import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;

/**
 * A listed tool's hints as a client reads them: the server sends only those that differ from the protocol's defaults
 * (not read-only, destructive, not idempotent, open world), so an absent hint means its default.
 */
public record ToolHints(boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {

    public static ToolHints of(Tool tool) {
        ToolAnnotations a = tool.annotations();
        boolean readOnly = a != null && Boolean.TRUE.equals(a.readOnlyHint());
        return new ToolHints(readOnly, !readOnly && (a == null || !Boolean.FALSE.equals(a.destructiveHint())),
                a != null && Boolean.TRUE.equals(a.idempotentHint()), a == null || !Boolean.FALSE.equals(a.openWorldHint()));
    }
}
