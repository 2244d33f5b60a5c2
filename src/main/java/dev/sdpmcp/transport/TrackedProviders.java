package dev.sdpmcp.transport;

import dev.sdpmcp.session.Transport;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
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
        class Sse extends Delegating implements McpServerTransportProvider {
            Sse() {
                super(delegate);
            }

            @Override
            public void setSessionFactory(McpServerSession.Factory factory) {
                delegate.setSessionFactory(transport -> {
                    var session = factory.create(transport);
                    RequestBinding.current().sseSession(session);
                    return session;
                });
            }
        }
        return new Sse();
    }

    /** Streamable HTTP: the session id is known when the session starts, so it is registered right there. */
    static McpStreamableServerTransportProvider streamable(McpStreamableServerTransportProvider delegate,
            SessionRegistry registry) {
        class Streamable extends Delegating implements McpStreamableServerTransportProvider {
            Streamable() {
                super(delegate);
            }

            @Override
            public void setSessionFactory(McpStreamableServerSession.Factory factory) {
                delegate.setSessionFactory(initializeRequest -> {
                    var init = factory.startSession(initializeRequest);
                    McpStreamableServerSession session = init.session();
                    RequestBinding binding = RequestBinding.current();
                    binding.sessionId(session.getId());
                    registry.open(session.getId(), binding.slot(), Transport.STREAMABLE,
                            () -> session.closeGracefully().subscribe(), session::hasOpenStream);
                    return init;
                });
            }
        }
        return new Streamable();
    }

    /** Everything but the session factory goes straight to the SDK's provider. */
    private abstract static class Delegating implements McpServerTransportProviderBase {
        private final McpServerTransportProviderBase delegate;

        Delegating(McpServerTransportProviderBase delegate) {
            this.delegate = delegate;
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
    }
}
