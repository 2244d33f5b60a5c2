package dev.sdpmcp.usage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One tool call: who (hash of the client id, never the id), which tool, how it ended, how long it took. */
@Entity
@Table(name = "usage_log")
public class UsageRecord {

    @Id
    @SequenceGenerator(name = "usage_log_seq", sequenceName = "usage_log_seq", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "usage_log_seq")
    private Long id;

    @Column(name = "client_hash", nullable = false, length = 64)
    private String clientHash;

    @Column(name = "tool_name", nullable = false, length = 100)
    private String toolName;

    @Column(name = "outcome", nullable = false, length = 16)
    private String outcome;

    @Column(name = "duration_ms", nullable = false)
    private int durationMs;

    @Column(name = "transport", length = 16)
    private String transport;

    @Column(name = "protocol_version", length = 16)
    private String protocolVersion;

    @Column(name = "called_at", nullable = false)
    private OffsetDateTime calledAt;

    protected UsageRecord() {
    }

    UsageRecord(String clientHash, String toolName, Outcome outcome, int durationMs, String transport, String protocolVersion,
            OffsetDateTime calledAt) {
        this.clientHash = clientHash;
        this.toolName = toolName;
        this.outcome = outcome.name().toLowerCase(java.util.Locale.ROOT);
        this.durationMs = durationMs;
        this.transport = transport;
        this.protocolVersion = protocolVersion;
        this.calledAt = calledAt;
    }

    /** How a call ended: ok, error (the tool answered isError, e.g. bad input) or failed (an unexpected fault). */
    public enum Outcome {
        OK, ERROR, FAILED
    }
}
