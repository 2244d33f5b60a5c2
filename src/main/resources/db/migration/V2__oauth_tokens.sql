-- Each user's Zoho authorization. Secrets and tokens are never stored in plain text: the client secret as a salted
-- hash (to check it on every request) and encrypted (to use it), tokens encrypted (AES-256-GCM, see KeyRing).
-- client_id stays readable: it is not a secret, and the seed guide's monitoring query selects it.
CREATE TABLE oauth_tokens (
    client_id               VARCHAR(100)             NOT NULL PRIMARY KEY,
    client_secret_hash      VARCHAR(64)              NOT NULL,
    client_secret_salt      VARCHAR(32)              NOT NULL,
    client_secret_encrypted VARCHAR(1024)            NOT NULL,
    refresh_token_encrypted VARCHAR(2048)            NOT NULL,
    scopes                  VARCHAR(2000),
    data_center             VARCHAR(8),
    accounts_url            VARCHAR(255)             NOT NULL,
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    last_refreshed_at       TIMESTAMP WITH TIME ZONE,
    refresh_count           INTEGER                  NOT NULL,
    needs_reauth            BOOLEAN                  NOT NULL,
    last_error              VARCHAR(1000),
    consecutive_failures    INTEGER                  NOT NULL,
    throttled_until         TIMESTAMP WITH TIME ZONE,
    circuit_open_until      TIMESTAMP WITH TIME ZONE
);

-- The current access token of each user, shared by every server on this database.
-- "DELETE FROM oauth_access_tokens WHERE expires_at < NOW()" is safe at any time.
CREATE TABLE oauth_access_tokens (
    client_id              VARCHAR(100)             NOT NULL PRIMARY KEY REFERENCES oauth_tokens (client_id) ON DELETE CASCADE,
    access_token_encrypted VARCHAR(2048)            NOT NULL,
    expires_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The token audit log, which is also the refresh budget: every request that reaches Zoho's token endpoint is a row
-- (written before the request is sent), and a user may have at most N of them in the rolling window.
-- Never holds a secret or a token.
CREATE SEQUENCE oauth_token_events_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE oauth_token_events (
    id          BIGINT                   NOT NULL PRIMARY KEY,
    client_id   VARCHAR(100)             NOT NULL,
    event       VARCHAR(32)              NOT NULL,
    outcome     VARCHAR(32)              NOT NULL,
    detail      VARCHAR(500),
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX oauth_token_events_client_time ON oauth_token_events (client_id, occurred_at);
