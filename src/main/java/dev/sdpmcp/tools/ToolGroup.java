package dev.sdpmcp.tools;

import java.util.List;

/** Tools declared together from a table (the instance's lookup lists), produced at once; served as each of them. */
public record ToolGroup(List<ToolDefinition> tools) {
}
