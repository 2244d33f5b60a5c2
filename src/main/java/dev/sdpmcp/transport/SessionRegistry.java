package dev.sdpmcp.transport;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every open MCP session of both transports, bound to the user (client id hash) that opened it. The gateway
 * consults it before any request reaches the SDK: unknown session → 404, someone else's → 403.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());

    public enum Transport {
        SSE, STREAMABLE
    }

    /** One session; {@code closer} ends it inside the SDK, {@code streaming} tells whether a stream is open. */
    public static final class Session {
        private final String id;
        private final String ownerHash;
        private final Transport transport;
        private final Instant openedAt = Instant.now();
        private volatile Instant lastSeen = openedAt;
        private final Runnable closer;
        private final BooleanSupplier streaming;

        Session(String id, String ownerHash, Transport transport, Runnable closer, BooleanSupplier streaming) {
            this.id = id;
            this.ownerHash = ownerHash;
            this.transport = transport;
            this.closer = closer;
            this.streaming = streaming;
        }

        public String id() {
            return id;
        }

        public String ownerHash() {
            return ownerHash;
        }

        public Transport transport() {
            return transport;
        }

        public Instant openedAt() {
            return openedAt;
        }

        public Instant lastSeen() {
            return lastSeen;
        }

        public boolean ownedBy(String clientHash) {
            return ownerHash.equals(clientHash);
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    void open(String id, String ownerHash, Transport transport, Runnable closer, BooleanSupplier streaming) {
        sessions.put(id, new Session(id, ownerHash, transport, closer, streaming));
    }

    public Optional<Session> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(sessions.get(id));
    }

    void touch(Session session) {
        session.lastSeen = Instant.now();
    }

    /** Ends a session: forgets it and closes it in the SDK. Safe to call more than once. */
    void end(String id) {
        Session session = sessions.remove(id);
        if (session != null) {
            try {
                session.closer.run();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing session failed", e);
            }
        }
    }

    /** Forgets a session the SDK has already closed (DELETE on /mcp). */
    void forget(String id) {
        sessions.remove(id);
    }

    /** Ends Streamable HTTP sessions with no open stream that have been idle longer than {@code idle}. */
    int reapIdle(Duration idle) {
        Instant cutoff = Instant.now().minus(idle);
        int reaped = 0;
        for (Session session : sessions.values()) {
            if (session.transport == Transport.STREAMABLE && session.lastSeen.isBefore(cutoff)
                    && !session.streaming.getAsBoolean()) {
                end(session.id);
                reaped++;
            }
        }
        return reaped;
    }

    void endAll() {
        sessions.keySet().forEach(this::end);
    }

    /** A snapshot of the open sessions, for the admin API. */
    public java.util.List<Session> all() {
        return java.util.List.copyOf(sessions.values());
    }

    public Map<Transport, Integer> countByTransport() {
        Map<Transport, Integer> counts = new EnumMap<>(Transport.class);
        for (Transport t : Transport.values()) {
            counts.put(t, 0);
        }
        sessions.values().forEach(s -> counts.merge(s.transport, 1, Integer::sum));
        return counts;
    }
}
