package dev.sdpmcp.tokens;

import java.time.Instant;

/** Why no token can be had now; {@code until}, where set, is when trying again makes sense. */
record TokenProblem(Kind kind, String detail, Instant until) {

    enum Kind {
        /** No authorization stored for this client id. */
        NOT_AUTHORIZED,
        /** Zoho refused the stored authorization (invalid_code, invalid_client …): authorize again. */
        NEEDS_REAUTH,
        /** Zoho's limit, or this server's budget for it, is reached. */
        THROTTLED,
        /** Zoho is failing or unreachable; this user's token requests are paused. */
        UNAVAILABLE,
        /** Zoho refused what the user gave (a grant code, a refresh token). */
        REFUSED,
        /** Zoho refused a grant code sent with another secret than the one stored for the client id. */
        SECRET_MISMATCH
    }

    static TokenProblem of(Kind kind, String detail) {
        return new TokenProblem(kind, detail, null);
    }
}
