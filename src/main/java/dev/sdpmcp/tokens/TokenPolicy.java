package dev.sdpmcp.tokens;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The numbers of token management: Zoho's limits (10 token requests per 10 minutes, Zoho Accounts' OAuth documentation) and this server's own caution. */
@ApplicationScoped
public class TokenPolicy {

    @Inject
    @ConfigProperty(name = "SDP_TOKEN_BUDGET", defaultValue = "10")
    int budget;

    @Inject
    @ConfigProperty(name = "SDP_TOKEN_WINDOW_SECONDS", defaultValue = "600")
    long windowSeconds;

    @Inject
    @ConfigProperty(name = "SDP_TOKEN_REFRESH_MARGIN_SECONDS", defaultValue = "300")
    long refreshMarginSeconds;

    @Inject
    @ConfigProperty(name = "SDP_TOKEN_CIRCUIT_FAILURES", defaultValue = "3")
    int circuitFailures;

    @Inject
    @ConfigProperty(name = "SDP_TOKEN_CIRCUIT_DELAY_SECONDS", defaultValue = "300")
    long circuitDelaySeconds;

    /** How long the instance's circuit to Zoho stays open (its Fault Tolerance delay, same setting). */
    @Inject
    @ConfigProperty(name = "SDP_ZOHO_CIRCUIT_DELAY_SECONDS", defaultValue = "60")
    long zohoCircuitDelaySeconds;

    /** Failed attempts nobody could verify, all client ids and servers together, per window (see TokenLedger). */
    @Inject
    @ConfigProperty(name = "SDP_UNVERIFIED_TOKEN_REQUESTS", defaultValue = "200")
    int unverifiedCap;

    @Inject
    @ConfigProperty(name = "SDP_TOKEN_EVENTS_RETENTION_DAYS", defaultValue = "90")
    int eventRetentionDays;

    /** Token requests a user may make to Zoho in one {@link #window()} (Zoho: 10 per 10 minutes). */
    public int budget() {
        return budget;
    }

    public Duration window() {
        return Duration.ofSeconds(windowSeconds);
    }

    /** Refresh this long before expiry: about 5 minutes for Zoho's hour-long tokens, a tenth of shorter ones. */
    public Duration refreshMargin(Duration lifetime) {
        Duration margin = Duration.ofSeconds(refreshMarginSeconds);
        Duration tenth = lifetime.dividedBy(10);
        return margin.compareTo(tenth) < 0 ? margin : tenth;
    }

    /** After this many failures in a row (Zoho down, not answering), stop asking for a user's tokens for a while. */
    public int circuitFailures() {
        return circuitFailures;
    }

    public Duration circuitDelay() {
        return Duration.ofSeconds(circuitDelaySeconds);
    }

    public Duration zohoCircuitDelay() {
        return Duration.ofSeconds(zohoCircuitDelaySeconds);
    }

    public int unverifiedCap() {
        return unverifiedCap;
    }

    /** How long the token audit log keeps its rows (oauth_token_events). */
    public int eventRetentionDays() {
        return eventRetentionDays;
    }
}
