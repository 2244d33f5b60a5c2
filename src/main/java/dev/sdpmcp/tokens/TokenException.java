package dev.sdpmcp.tokens;

import java.time.Instant;

/** No ServiceDesk Plus token for the user now; the message says why and what to do. */
public class TokenException extends Exception {

    private final TokenProblem.Kind kind;
    private final Instant retryAt;

    TokenException(TokenProblem.Kind kind, String message, Instant retryAt) {
        super(message);
        this.kind = kind;
        this.retryAt = retryAt;
    }

    public String reason() {
        return kind.name().toLowerCase();
    }

    /** When trying again makes sense, if known (for HTTP Retry-After). */
    public Instant retryAt() {
        return retryAt;
    }
}
