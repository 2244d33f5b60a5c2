package dev.sdpmcp.ops;

import dev.sdpmcp.metrics.Circuits;
import dev.sdpmcp.session.Transport;
import dev.sdpmcp.tokens.KeyRing;
import dev.sdpmcp.tokens.KeyRotation;
import dev.sdpmcp.transport.EventStreams;
import dev.sdpmcp.transport.SessionRegistry;
import dev.sdpmcp.usage.UsageLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The application's metrics at /metrics (Prometheus format; Liberty adds the JVM, thread pool and connection pool
 * figures). Labels name tools, outcomes, transports and circuits — never a user.
 */
@ApplicationScoped
public class ServerMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    SessionRegistry sessions;

    @Inject
    EventStreams streams;

    @Inject
    Circuits circuits;

    @Inject
    UsageLog usage;

    @Inject
    KeyRing keys;

    @Inject
    KeyRotation rotation;

    /** At start-up, not at first use. */
    void gauges(@Observes @Initialized(ApplicationScoped.class) Object started) {
        for (Transport transport : Transport.values()) {
            registry.gauge(Metadata.builder().withName("sdp_sessions_open").withDescription("Open MCP sessions").build(),
                    sessions, s -> s.countByTransport().get(transport), new Tag("transport", transport.name().toLowerCase()));
        }
        registry.gauge(Metadata.builder().withName("sdp_event_streams_open").withDescription("Open SSE streams (both transports)").build(),
                streams, EventStreams::openCount);
        registry.gauge(Metadata.builder().withName("sdp_event_streams_dropped")
                .withDescription("SSE streams dropped because their client let more than SDP_SSE_MAX_BACKLOG_BYTES pile up unread").build(),
                streams, EventStreams::droppedCount);
        for (Circuits.Name circuit : Circuits.Name.values()) {
            registry.gauge(Metadata.builder().withName("sdp_circuit_open").withDescription("1 while calls to the service are paused").build(),
                    circuits, c -> c.state(circuit).open() ? 1 : 0, new Tag("circuit", circuit.name().toLowerCase()));
        }
        registry.gauge(Metadata.builder().withName("sdp_usage_rows_pending")
                .withDescription("Usage rows waiting to be written (grows while the database is down)").build(),
                usage, UsageLog::pendingCount);
        registry.gauge(Metadata.builder().withName("sdp_usage_rows_dropped")
                .withDescription("Usage rows given up because too many waited for the database").build(),
                usage, UsageLog::droppedCount);
        // Key ids are not secret (a hash of the key): they tell when SDP_ENCRYPTION_KEY_PREVIOUS is no longer needed.
        for (String keyId : keys.keyIds()) {
            registry.gauge(Metadata.builder().withName("sdp_encrypted_rows")
                    .withDescription("Token rows holding a value encrypted with the key (-1: the database cannot be read)").build(),
                    rotation, r -> r.rows(keyId), new Tag("key_id", keyId));
        }
    }
}
