package dev.sdpmcp.tools;

import java.util.function.IntFunction;

/**
 * A successful answer: a concise text for people and, for tools with an output schema, the same facts as
 * structured content. A list also says how to render only its first rows, so that {@link ResultBudget} can shorten it.
 * An answer about a file links to it ({@link File}): a tools/call answer carries the link, never the bytes.
 */
public record ToolResult(String text, Object structured, int rows, IntFunction<ToolResult> firstRows, File file) {

    public ToolResult(String text, Object structured, int rows, IntFunction<ToolResult> firstRows) {
        this(text, structured, rows, firstRows, null);
    }

    public static ToolResult of(String text, Object structured) {
        return new ToolResult(text, structured, 0, null);
    }

    /** A list of {@code rows} rows, with the same answer for only its first n rows (1 ≤ n < rows). */
    public static ToolResult list(ToolResult whole, int rows, IntFunction<ToolResult> firstRows) {
        return new ToolResult(whole.text(), whole.structured(), rows, firstRows);
    }

    /** The same answer, about this file. */
    public ToolResult with(File linked) {
        return new ToolResult(text, structured, rows, firstRows, linked);
    }

    /**
     * A file as an MCP resource: its sdp:// URI, name, type and size; {@code bytes} only when a resources/read asked
     * for it (ToolCall.resourceRead), null otherwise.
     */
    public record File(String uri, String name, String mimeType, long size, byte[] bytes) {
    }
}
