package dev.sdpmcp.tokens;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One line of the token audit log (table oauth_token_events), which also counts against the refresh budget. */
@Entity
@Table(name = "oauth_token_events")
public class TokenEvent {

    /** Events that are requests to Zoho's token endpoint, and so spend the user's budget. */
    static final java.util.List<String> TOKEN_REQUESTS = java.util.List.of("authorize", "refresh", "adopt_refresh_token");
    /**
     * Suffix of a token request by a caller this server cannot verify (no stored authorization, or another secret):
     * counted per client id and offered secret ({@link #secretFingerprint}), never in the owner's budget. When Zoho
     * accepts it the caller was the owner, and the row loses the suffix.
     */
    static final String UNVERIFIED = "_unverified";
    static final java.util.List<String> UNVERIFIED_REQUESTS = TOKEN_REQUESTS.stream().map(e -> e + UNVERIFIED).toList();

    @Id
    @SequenceGenerator(name = "oauth_token_events_seq", sequenceName = "oauth_token_events_seq", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "oauth_token_events_seq")
    Long id;

    @Column(name = "client_id", nullable = false, length = 100)
    String clientId;

    @Column(name = "event", nullable = false, length = 32)
    String event;

    @Column(name = "outcome", nullable = false, length = 32)
    String outcome;

    @Column(name = "detail", length = 500)
    String detail;

    @Column(name = "secret_fingerprint", length = 64)
    String secretFingerprint;

    @Column(name = "occurred_at", nullable = false)
    OffsetDateTime occurredAt;

    protected TokenEvent() {
    }

    TokenEvent(String clientId, String event, String outcome, String detail, OffsetDateTime occurredAt) {
        this.clientId = clientId;
        this.event = event;
        this.outcome = outcome;
        this.detail = detail == null ? null : detail.substring(0, Math.min(500, detail.length()));
        this.occurredAt = occurredAt;
    }
}
