package dev.sdpmcp.tools;

import dev.sdpmcp.credentials.ClientCredentials;
import dev.sdpmcp.session.Transport;
import java.util.Map;
import java.util.Optional;

/**
 * One invocation of a tool: who calls, over which transport and session, with which arguments, the URL the
 * caller reached this server at (for links in answers), and whether it runs for a resources/read (the only answer
 * that may carry a file's bytes).
 */
public record ToolCall(ClientCredentials caller, Transport transport, String sessionId, String baseUrl,
        Map<String, Object> arguments, boolean resourceRead) {

    public ToolCall(ClientCredentials caller, Transport transport, String sessionId, String baseUrl, Map<String, Object> arguments) {
        this(caller, transport, sessionId, baseUrl, arguments, false);
    }

    /** A text argument, trimmed; empty when absent or blank. */
    public Optional<String> text(String name) {
        Object value = arguments.get(name);
        return value == null ? Optional.empty() : Optional.of(value.toString().trim()).filter(s -> !s.isEmpty());
    }

    /** A text argument the tool cannot do without. */
    public String requiredText(String name) throws ToolException {
        return text(name).orElseThrow(() -> new ToolException("The argument \"" + name + "\" is required."));
    }
}
