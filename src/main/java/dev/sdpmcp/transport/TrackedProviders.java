package dev.sdpmcp.transport;

import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The SDK's transport providers as the MCP servers see them, with their session factories wrapped so that every
 * new session is bound to the user whose request creates it.
 */
final class TrackedProviders {

    private TrackedProviders() {
    }

    /** Legacy SSE: the session object is handed to the request binding; its id arrives with the endpoint event. */
    static McpServerTransportProvider sse(McpServerTransportProvider delegate) {
        return new McpServerTransportProvider() {
            @Override
            public void setSessionFactory(io.modelcontextprotocol.spec.McpServerSession.Factory factory) {
                delegate.setSessionFactory(transport -> {
                    var session = factory.create(transport);
                    RequestBinding.current().sseSession(session);
                    return session;
                });
            }

            @Override
            public Mono<Void> notifyClients(String method, Object params) {
                return delegate.notifyClients(method, params);
            }

            @Override
            public Mono<Void> notifyClient(String sessionId, String method, Object params) {
                return delegate.notifyClient(sessionId, method, params);
            }

            @Override
            public Mono<Void> closeGracefully() {
                return delegate.closeGracefully();
            }

            @Override
            public List<String> protocolVersions() {
                return delegate.protocolVersions();
            }
        };
    }

    /** Streamable HTTP: the session id is known when the session starts, so it is registered right there. */
    static McpStreamableServerTransportProvider streamable(McpStreamableServerTransportProvider delegate,
            SessionRegistry registry) {
        return new McpStreamableServerTransportProvider() {
            @Override
            public void setSessionFactory(McpStreamableServerSession.Factory factory) {
                delegate.setSessionFactory(initializeRequest -> {
                    var init = factory.startSession(initializeRequest);
                    McpStreamableServerSession session = init.session();
                    RequestBinding binding = RequestBinding.current();
                    binding.sessionId(session.getId());
                    registry.open(session.getId(), binding.caller().clientHash(), SessionRegistry.Transport.STREAMABLE,
                            () -> session.closeGracefully().subscribe(), session::hasOpenStream);
                    return init;
                });
            }

            @Override
            public Mono<Void> notifyClients(String method, Object params) {
                return delegate.notifyClients(method, params);
            }

            @Override
            public Mono<Void> notifyClient(String sessionId, String method, Object params) {
                return delegate.notifyClient(sessionId, method, params);
            }

            @Override
            public Mono<Void> closeGracefully() {
                return delegate.closeGracefully();
            }

            @Override
            public List<String> protocolVersions() {
                return delegate.protocolVersions();
            }
        };
    }
}
