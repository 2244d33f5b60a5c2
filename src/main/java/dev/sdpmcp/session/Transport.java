package dev.sdpmcp.session;

/** The MCP transport a session came over: legacy SSE (/sse) or Streamable HTTP (/mcp). */
public enum Transport {
    SSE, STREAMABLE
}
