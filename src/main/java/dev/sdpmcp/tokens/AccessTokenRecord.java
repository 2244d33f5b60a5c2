package dev.sdpmcp.tokens;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** The current access token of a user (table oauth_access_tokens), shared by all servers on the database. */
@Entity
@Table(name = "oauth_access_tokens")
public class AccessTokenRecord {

    @Id
    @Column(name = "client_id", length = 100)
    String clientId;

    @Column(name = "access_token_encrypted", nullable = false, length = 2048)
    String accessTokenEncrypted;

    @Column(name = "expires_at", nullable = false)
    OffsetDateTime expiresAt;

    @Column(name = "created_at", nullable = false)
    OffsetDateTime createdAt;
}
