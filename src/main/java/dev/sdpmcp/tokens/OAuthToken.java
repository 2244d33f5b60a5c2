package dev.sdpmcp.tokens;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A user's Zoho authorization (table oauth_tokens); see V2__oauth_tokens.sql for what each column holds. */
@Entity
@Table(name = "oauth_tokens")
public class OAuthToken {

    @Id
    @Column(name = "client_id", length = 100)
    String clientId;

    @Column(name = "client_secret_hash", nullable = false, length = 64)
    String clientSecretHash;

    @Column(name = "client_secret_salt", nullable = false, length = 32)
    String clientSecretSalt;

    @Column(name = "client_secret_encrypted", nullable = false, length = 1024)
    String clientSecretEncrypted;

    @Column(name = "refresh_token_encrypted", nullable = false, length = 2048)
    String refreshTokenEncrypted;

    @Column(name = "scopes", length = 2000)
    String scopes;

    @Column(name = "data_center", length = 8)
    String dataCenter;

    @Column(name = "accounts_url", nullable = false, length = 255)
    String accountsUrl;

    @Column(name = "created_at", nullable = false)
    OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    OffsetDateTime updatedAt;

    @Column(name = "last_refreshed_at")
    OffsetDateTime lastRefreshedAt;

    @Column(name = "refresh_count", nullable = false)
    int refreshCount;

    @Column(name = "needs_reauth", nullable = false)
    boolean needsReauth;

    @Column(name = "last_error", length = 1000)
    String lastError;

    @Column(name = "consecutive_failures", nullable = false)
    int consecutiveFailures;

    @Column(name = "throttled_until")
    OffsetDateTime throttledUntil;

    @Column(name = "circuit_open_until")
    OffsetDateTime circuitOpenUntil;

    SecretHash secretHash() {
        return new SecretHash(clientSecretSalt, clientSecretHash);
    }
}
