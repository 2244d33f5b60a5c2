package dev.sdpmcp.tools;

import java.util.function.IntFunction;

/**
 * A successful answer: a concise text for people and, for tools with an output schema, the same facts as
 * structured content. A list also says how to render only its first rows, so that {@link ResultBudget} can shorten it.
 */
public record ToolResult(String text, Object structured, int rows, IntFunction<ToolResult> firstRows) {

    public static ToolResult of(String text, Object structured) {
        return new ToolResult(text, structured, 0, null);
    }

    /** A list of {@code rows} rows, with the same answer for only its first n rows (1 ≤ n < rows). */
    public static ToolResult list(ToolResult whole, int rows, IntFunction<ToolResult> firstRows) {
        return new ToolResult(whole.text(), whole.structured(), rows, firstRows);
    }
}
