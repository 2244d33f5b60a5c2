package dev.sdpmcp.session;

/** Fired once a stopping server's MCP calls have ended (or their wait ran out): what they recorded can be written. */
public record CallsEnded() {
}
