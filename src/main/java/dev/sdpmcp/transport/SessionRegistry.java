package dev.sdpmcp.transport;

import dev.sdpmcp.session.Transport;
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

    /**
     * Room for one session, taken before the request that opens it reaches the SDK and held until the session ends
     * (or given back if none opened): the bounds hold however many opens race.
     */
    static final class Slot {
        private final String ownerHash;
        private final boolean verified;
        private boolean opened;
        private boolean released;

        private Slot(String ownerHash, boolean verified) {
            this.ownerHash = ownerHash;
            this.verified = verified;
        }
    }

    /** No room for another session: the message says what to do. */
    static final class LimitReached extends Exception {
        LimitReached(String message) {
            super(message, null, false, false);
        }
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
        private final Slot slot;
        /** Legacy SSE: the client has sent notifications/initialized (before it, the SDK would hold any request). */
        private volatile boolean initialized;

        Session(String id, Slot slot, Transport transport, Runnable closer, BooleanSupplier streaming) {
            this.id = id;
            this.ownerHash = slot.ownerHash;
            this.slot = slot;
            this.transport = transport;
            this.closer = closer;
            this.streaming = streaming;
        }

        boolean initialized() {
            return initialized;
        }

        void markInitialized() {
            initialized = true;
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
    /** Slots held per client id hash, and in all; guarded by {@code this}. */
    private final Map<String, Integer> held = new java.util.HashMap<>();
    private int heldInAll;
    private int heldUnverified;

    /**
     * Room for one more session of this user, or why there is none: at most {@code perUser} per client id, {@code total}
     * in all, and of those at most a tenth for callers without a stored authorization, so random client ids cannot
     * take the room authorized users need.
     */
    synchronized Slot reserve(String ownerHash, boolean verified, int perUser, int total) throws LimitReached {
        int mine = held.getOrDefault(ownerHash, 0);
        if (mine >= perUser) {
            throw new LimitReached("You already have " + mine + " open MCP sessions on this server, the most one user may "
                    + "hold (SDP_MAX_SESSIONS_PER_USER=" + perUser + "). Close the Claude Code windows or MCP clients you "
                    + "no longer use (or /mcp → reconnect), or wait for idle sessions to expire, then connect again.");
        }
        if (heldInAll >= total || (!verified && heldUnverified >= unverifiedShare(total))) {
            throw new LimitReached("This server holds as many MCP sessions as it is configured for (SDP_MAX_SESSIONS=" + total
                    + (verified ? "" : "; callers not yet authorized share a tenth of them") + "). Try again in a minute; "
                    + "if it lasts, tell your administrator.");
        }
        held.merge(ownerHash, 1, Integer::sum);
        heldInAll++;
        if (!verified) {
            heldUnverified++;
        }
        return new Slot(ownerHash, verified);
    }

    static int unverifiedShare(int total) {
        return Math.max(1, total / 10);
    }

    /** Gives a slot back: its session ended, or none was opened with it. Safe to call more than once. */
    synchronized void release(Slot slot) {
        if (slot == null || slot.released) {
            return;
        }
        slot.released = true;
        held.computeIfPresent(slot.ownerHash, (owner, count) -> count > 1 ? count - 1 : null);
        heldInAll--;
        if (!slot.verified) {
            heldUnverified--;
        }
    }

    /** Gives the slot back unless a session was opened with it (then the session's end gives it back). */
    synchronized void releaseUnused(Slot slot) {
        if (slot != null && !slot.opened) {
            release(slot);
        }
    }

    synchronized int heldBy(String ownerHash) {
        return held.getOrDefault(ownerHash, 0);
    }

    void open(String id, Slot slot, Transport transport, Runnable closer, BooleanSupplier streaming) {
        if (slot == null) {
            throw new IllegalStateException("an MCP session can only be opened with a slot the gateway reserved");
        }
        synchronized (this) {
            slot.opened = true;
        }
        sessions.put(id, new Session(id, slot, transport, closer, streaming));
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
            release(session.slot);
            try {
                session.closer.run();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing session failed", e);
            }
        }
    }

    /** Forgets a session the SDK has already closed (DELETE on /mcp). */
    void forget(String id) {
        Session session = sessions.remove(id);
        if (session != null) {
            release(session.slot);
        }
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
