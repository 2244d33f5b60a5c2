package dev.sdpmcp.zoho;

import java.util.Optional;

/** What Zoho's token endpoint said, read from its body whatever the HTTP status. */
public sealed interface ZohoAnswer {

    /** Tokens; a refresh token only comes with a code exchange (or if Zoho ever rotates it). */
    record Tokens(String accessToken, Optional<String> refreshToken, long expiresInSeconds, String scope) implements ZohoAnswer {
        @Override
        public String toString() {
            return "Tokens[expiresIn=" + expiresInSeconds + ", scope=" + scope + "]";
        }
    }

    /** An OAuth error such as invalid_code, invalid_client, invalid_client_secret. */
    record Refused(String error) implements ZohoAnswer {
    }

    /** "Access Denied" / "too many requests": no new token for this client until the window has passed. */
    record Throttled(String description) implements ZohoAnswer {
    }
}
