package dev.sdpmcp.tools;

import dev.sdpmcp.credentials.ClientCredentials;
import dev.sdpmcp.transport.SessionRegistry.Transport;
import java.util.Map;

/** One invocation of a tool: who calls, over which transport and session, with which arguments. */
public record ToolCall(ClientCredentials caller, Transport transport, String sessionId, Map<String, Object> arguments) {
}
