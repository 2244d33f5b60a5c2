-- One row per tool call, for every user (the seed's "tracks usage for all users").
-- client_hash is the SHA-256 of the Zoho client id: usage is attributable without storing the id.
-- Ids come from a sequence: identity retrieval differs between H2 and PostgreSQL.
CREATE SEQUENCE usage_log_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE usage_log (
    id          BIGINT                   NOT NULL PRIMARY KEY,
    client_hash VARCHAR(64)              NOT NULL,
    tool_name   VARCHAR(100)             NOT NULL,
    outcome     VARCHAR(16)              NOT NULL,
    duration_ms INTEGER                  NOT NULL,
    transport   VARCHAR(16),
    called_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX usage_log_client_time ON usage_log (client_hash, called_at);
CREATE INDEX usage_log_time ON usage_log (called_at);
