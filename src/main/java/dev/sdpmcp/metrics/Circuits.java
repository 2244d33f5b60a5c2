package dev.sdpmcp.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the server last saw of its two circuit breakers (Zoho Accounts, ServiceDesk Plus): open when a call was refused
 * by an open breaker and none has succeeded since, closed otherwise. MicroProfile Fault Tolerance keeps the breakers;
 * this records their effect for health checks, metrics and check_auth_status.
 */
@ApplicationScoped
public class Circuits {

    public enum Name {
        ZOHO, SERVICEDESK
    }

    public record State(boolean open, Instant since, long timesOpened) {
    }

    private final Map<Name, State> states = new ConcurrentHashMap<>();

    public void refused(Name name) {
        states.compute(name, (n, old) -> old != null && old.open() ? old
                : new State(true, Instant.now(), (old == null ? 0 : old.timesOpened()) + 1));
    }

    public void succeeded(Name name) {
        states.computeIfPresent(name, (n, old) -> old.open() ? new State(false, Instant.now(), old.timesOpened()) : old);
    }

    public State state(Name name) {
        return states.getOrDefault(name, new State(false, null, 0));
    }
}
