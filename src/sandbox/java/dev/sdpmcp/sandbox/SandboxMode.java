package dev.sdpmcp.sandbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether this server is a sandbox, read from the settings the MCP server reads (the server's Settings#sandbox):
 * no SDP_BASE_URL, and the embedded database or SDP_SANDBOX=true. The rule is repeated here so that the sandbox WAR
 * needs nothing of the production WAR; where that server refuses to start (PostgreSQL without SDP_SANDBOX), the
 * simulators stay off.
 */
@ApplicationScoped
public class SandboxMode {

    @Inject
    @ConfigProperty(name = "SDP_BASE_URL")
    Optional<String> baseUrl;

    @Inject
    @ConfigProperty(name = "SDP_DB_HOST")
    Optional<String> dbHost;

    @Inject
    @ConfigProperty(name = "SDP_SANDBOX", defaultValue = "false")
    boolean sandboxAsked;

    public boolean on() {
        return on(set(baseUrl), set(dbHost), sandboxAsked);
    }

    static boolean on(boolean baseUrlSet, boolean postgres, boolean sandboxAsked) {
        return !baseUrlSet && (!postgres || sandboxAsked);
    }

    private static boolean set(Optional<String> value) {
        return value.map(String::trim).filter(s -> !s.isEmpty()).isPresent();
    }
}
