package dev.sdpmcp.tools;

/**
 * A successful answer: a concise text for people and, for tools with an output schema, the same facts as
 * structured content.
 */
public record ToolResult(String text, Object structured) {

    public static ToolResult of(String text, Object structured) {
        return new ToolResult(text, structured);
    }
}
