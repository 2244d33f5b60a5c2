package dev.sdpmcp.transport;

import dev.sdpmcp.credentials.ClientCredentials;
import io.modelcontextprotocol.common.McpTransportContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/** What a tool handler learns about its caller: the user's credentials and the transport the call came on. */
public final class CallContext {

    static final String CALLER_ATTRIBUTE = CallContext.class.getName() + ".caller";
    static final String TRANSPORT_ATTRIBUTE = CallContext.class.getName() + ".transport";
    private static final String CALLER = "sdp.caller";
    private static final String TRANSPORT = "sdp.transport";

    private CallContext() {
    }

    /** The SDK's context extractor: runs on every MCP request after the gateway has authenticated it. */
    static McpTransportContext extract(HttpServletRequest request) {
        return McpTransportContext.create(Map.of(
                CALLER, request.getAttribute(CALLER_ATTRIBUTE),
                TRANSPORT, request.getAttribute(TRANSPORT_ATTRIBUTE)));
    }

    public static ClientCredentials caller(McpTransportContext context) {
        Object caller = context.get(CALLER);
        if (caller instanceof ClientCredentials credentials) {
            return credentials;
        }
        throw new IllegalStateException("no authenticated caller on this MCP request");
    }

    public static SessionRegistry.Transport transport(McpTransportContext context) {
        return (SessionRegistry.Transport) context.get(TRANSPORT);
    }
}
