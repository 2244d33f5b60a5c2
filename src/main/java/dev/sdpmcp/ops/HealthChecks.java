package dev.sdpmcp.ops;

import dev.sdpmcp.persistence.Database;
import dev.sdpmcp.transport.SessionRegistry;
import dev.sdpmcp.transport.Stopping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * /health/live: the application runs. /health/ready: the database answers and its schema is current (a server that
 * cannot store or read tokens should take no traffic), and the server is not stopping. The circuits are reported in readiness too, but always UP:
 * a failing Zoho or ServiceDesk Plus is not this server's fault, and another server would fare no better.
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
        return () -> HealthCheckResponse.named("sdp-mcp").up()
                .withData("sse_sessions", sessions.countByTransport().get(SessionRegistry.Transport.SSE))
                .withData("streamable_sessions", sessions.countByTransport().get(SessionRegistry.Transport.STREAMABLE))
                .build();
    }

    @Produces
    @Readiness
    HealthCheck databaseReady() {
        return () -> {
            boolean reachable = database.reachable();
            boolean migrated = reachable && database.migrate();
            var response = HealthCheckResponse.named("database").status(reachable && migrated)
                    .withData("database", database.description())
                    .withData("reachable", reachable)
                    .withData("schema_current", migrated);
            if (!reachable || !migrated) {
                response.withData("error", String.valueOf(database.lastError()));
            }
            return response.build();
        };
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
        return () -> circuit("zoho-accounts-circuit", circuits.state(Circuits.Name.ZOHO));
    }

    @Produces
    @Readiness
    HealthCheck servicedeskCircuit() {
        return () -> circuit("servicedesk-circuit", circuits.state(Circuits.Name.SERVICEDESK));
    }

    private static HealthCheckResponse circuit(String name, Circuits.State state) {
        var response = HealthCheckResponse.named(name).up().withData("state", state.open() ? "open" : "closed")
                .withData("times_opened", state.timesOpened());
        if (state.since() != null) {
            response.withData("since", state.since().toString());
        }
        return response.build();
    }
}
