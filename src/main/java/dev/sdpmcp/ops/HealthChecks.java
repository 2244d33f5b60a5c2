package dev.sdpmcp.ops;

import dev.sdpmcp.metrics.Circuits;
import dev.sdpmcp.persistence.Database;
import dev.sdpmcp.session.Transport;
import dev.sdpmcp.transport.SessionRegistry;
import dev.sdpmcp.transport.Stopping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * /health/live: the application runs. /health/ready: the database answers and its schema is current (a server that
 * cannot store or read tokens should take no traffic), and the server is not stopping. The circuits are reported in readiness too, but always UP:
 * a failing Zoho or ServiceDesk Plus is not this server's fault, and another server would fare no better.
 *
 * <p>Anyone may read /health, so the checks carry a name and UP/DOWN only: the database's location, user and last
 * error, the circuits' states and the session counts are for administrators, at /admin/health ({@link #details()}).
 */
@ApplicationScoped
public class HealthChecks {

    @Inject
    Database database;

    @Inject
    Circuits circuits;

    @Inject
    SessionRegistry sessions;

    @Inject
    Stopping stopping;

    @Produces
    @Liveness
    HealthCheck application() {
        return () -> HealthCheckResponse.named("sdp-mcp").up().build();
    }

    @Produces
    @Readiness
    HealthCheck databaseReady() {
        return () -> HealthCheckResponse.named("database").status(databaseUsable()).build();
    }

    private boolean databaseUsable() {
        return database.reachable() && database.migrate();
    }

    /** DOWN from the moment a graceful stop begins, so a load balancer sends new users elsewhere. */
    @Produces
    @Readiness
    HealthCheck acceptingRequests() {
        return () -> HealthCheckResponse.named("accepting-mcp-requests").status(!stopping.isStopping()).build();
    }

    @Produces
    @Readiness
    HealthCheck zohoCircuit() {
        return () -> HealthCheckResponse.named("zoho-accounts-circuit").up().build();
    }

    @Produces
    @Readiness
    HealthCheck servicedeskCircuit() {
        return () -> HealthCheckResponse.named("servicedesk-circuit").up().build();
    }

    /** What the checks found, with the details anonymous callers of /health do not see. */
    public Map<String, Object> details() {
        boolean reachable = database.reachable();
        boolean migrated = reachable && database.migrate();
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("status", reachable && migrated ? "UP" : "DOWN");
        db.put("database", database.description());
        db.put("reachable", reachable);
        db.put("schema_current", migrated);
        if (!reachable || !migrated) {
            db.put("error", String.valueOf(database.lastError()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("database", db);
        out.put("accepting-mcp-requests", Map.of("status", stopping.isStopping() ? "DOWN" : "UP"));
        out.put("zoho-accounts-circuit", circuit(circuits.state(Circuits.Name.ZOHO)));
        out.put("servicedesk-circuit", circuit(circuits.state(Circuits.Name.SERVICEDESK)));
        out.put("sse_sessions", sessions.countByTransport().get(Transport.SSE));
        out.put("streamable_sessions", sessions.countByTransport().get(Transport.STREAMABLE));
        return out;
    }

    private static Map<String, Object> circuit(Circuits.State state) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "UP");
        out.put("state", state.open() ? "open" : "closed");
        out.put("times_opened", state.timesOpened());
        if (state.since() != null) {
            out.put("since", state.since().toString());
        }
        return out;
    }
}
