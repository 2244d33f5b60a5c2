package dev.sdpmcp.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The counters and timers the tool catalog and the token ledger update as they work (the gauges of the server's
 * state are registered by ops.ServerMetrics). Labels name tools, grants and outcomes, never a user.
 */
@ApplicationScoped
public class Meters {

    @Inject
    MetricRegistry registry;

    /** One tool call: how it ended and how long it took. */
    public void toolCall(String tool, String outcome, Duration duration) {
        // Looked up once per tool and outcome: the registry validates metadata and tags on every lookup, which cost
        // more than the rest of the bookkeeping of a call.
        calls.computeIfAbsent(tool + '\u0000' + outcome, key -> registry.counter(Metadata.builder().withName("sdp_tool_calls")
                .withDescription("Tool calls by tool and outcome").build(), new Tag("tool", tool), new Tag("outcome", outcome)))
                .inc();
        durations.computeIfAbsent(tool, key -> registry.timer(Metadata.builder().withName("sdp_tool_call_duration")
                .withDescription("Tool call latency").withUnit(MetricUnits.SECONDS).build(), new Tag("tool", tool)))
                .update(duration);
    }

    private final Map<String, Counter> calls = new ConcurrentHashMap<>();
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();

    /**
     * One MCP request that passed the gateway, by transport (sse, streamable) and protocol version; the gateway
     * names only versions it knows, so the labels stay few.
     */
    public void mcpRequest(String transport, String protocolVersion) {
        requests.computeIfAbsent(transport + '\u0000' + protocolVersion, key -> registry.counter(Metadata.builder()
                .withName("sdp_mcp_requests").withDescription("MCP requests by transport and protocol version").build(),
                new Tag("transport", transport), new Tag("protocol_version", protocolVersion))).inc();
    }
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();

    /** One request to Zoho's token endpoint: grant (authorize, refresh, adopt_refresh_token) and outcome. */
    public void tokenRequest(String grant, String outcome) {
        registry.counter(Metadata.builder().withName("sdp_token_requests").withDescription("Requests to Zoho's token endpoint").build(),
                new Tag("grant", grant), new Tag("outcome", outcome)).inc();
        if (outcome.equals("throttled")) {
            registry.counter(Metadata.builder().withName("sdp_zoho_throttles").withDescription("Times Zoho throttled token requests").build()).inc();
        }
    }
}
