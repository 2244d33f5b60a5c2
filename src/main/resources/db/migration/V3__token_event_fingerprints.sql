-- Token requests made by callers this server cannot verify (no stored authorization for the client id, or another
-- secret than the stored one) are counted per client id and offered secret, so junk attempts never spend the budget
-- the owner needs. The fingerprint is a hash of the client id and the offered secret (never the secret itself).
ALTER TABLE oauth_token_events ADD COLUMN secret_fingerprint VARCHAR(64);

CREATE INDEX oauth_token_events_event_time ON oauth_token_events (event, occurred_at);
