package dev.sdpmcp.transport;

import dev.sdpmcp.credentials.ClientCredentials;
import io.modelcontextprotocol.spec.McpServerSession;
import jakarta.servlet.AsyncContext;

/**
 * What the gateway knows about the request being served on this thread, for the SDK callbacks that run inside
 * it (session creation) and have no access to the HTTP request.
 */
final class RequestBinding {

    private static final ThreadLocal<RequestBinding> CURRENT = new ThreadLocal<>();

    private final ClientCredentials caller;
    private volatile McpServerSession sseSession;
    private volatile String sessionId;
    private volatile AsyncContext asyncContext;
    private volatile SessionRegistry.Slot slot;

    RequestBinding(ClientCredentials caller) {
        this.caller = caller;
    }

    static RequestBinding current() {
        RequestBinding binding = CURRENT.get();
        if (binding == null) {
            throw new IllegalStateException("an MCP session can only be opened through the gateway filter");
        }
        return binding;
    }

    void attach() {
        CURRENT.set(this);
    }

    static void detach() {
        CURRENT.remove();
    }

    ClientCredentials caller() {
        return caller;
    }

    McpServerSession sseSession() {
        return sseSession;
    }

    void sseSession(McpServerSession session) {
        this.sseSession = session;
    }

    String sessionId() {
        return sessionId;
    }

    void sessionId(String sessionId) {
        this.sessionId = sessionId;
    }

    /** The room reserved for the session this request may open (null when it opens none). */
    SessionRegistry.Slot slot() {
        return slot;
    }

    void slot(SessionRegistry.Slot slot) {
        this.slot = slot;
    }

    AsyncContext asyncContext() {
        return asyncContext;
    }

    void asyncContext(AsyncContext asyncContext) {
        this.asyncContext = asyncContext;
    }
}
