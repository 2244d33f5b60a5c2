package dev.sdpmcp.tokens;

import dev.sdpmcp.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The numbers of token management (read by {@link Settings}): Zoho's limits (10 token requests per 10 minutes, Zoho
 * Accounts' OAuth documentation) and this server's own caution.
 */
@ApplicationScoped
public class TokenPolicy {

    @Inject
    Settings settings;

    /** Token requests a user may make to Zoho in one {@link #window()} (Zoho: 10 per 10 minutes). */
    public int budget() {
        return settings.tokenBudget();
    }

    public Duration window() {
        return settings.tokenWindow();
    }

    /** Refresh this long before expiry: about 5 minutes for Zoho's hour-long tokens, a tenth of shorter ones. */
    public Duration refreshMargin(Duration lifetime) {
        Duration margin = settings.tokenRefreshMargin();
        Duration tenth = lifetime.dividedBy(10);
        return margin.compareTo(tenth) < 0 ? margin : tenth;
    }

    /** After this many failures in a row (Zoho down, not answering), stop asking for a user's tokens for a while. */
    public int circuitFailures() {
        return settings.tokenCircuitFailures();
    }

    public Duration circuitDelay() {
        return settings.tokenCircuitDelay();
    }

    public Duration zohoCircuitDelay() {
        return settings.zohoCircuitDelay();
    }

    public int unverifiedCap() {
        return settings.unverifiedTokenRequests();
    }

    /** How long the token audit log keeps its rows (oauth_token_events). */
    public int eventRetentionDays() {
        return settings.tokenEventsRetentionDays();
    }
}
