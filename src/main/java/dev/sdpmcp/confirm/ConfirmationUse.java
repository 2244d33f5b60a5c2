package dev.sdpmcp.confirm;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A confirmation already redeemed (table confirmation_uses): kept until it expires, so it is honoured once only. */
@Entity
@Table(name = "confirmation_uses")
public class ConfirmationUse {

    @Id
    @Column(name = "nonce", length = 32)
    String nonce;

    @Column(name = "expires_at", nullable = false)
    OffsetDateTime expiresAt;

    protected ConfirmationUse() {
    }

    ConfirmationUse(String nonce, OffsetDateTime expiresAt) {
        this.nonce = nonce;
        this.expiresAt = expiresAt;
    }
}
