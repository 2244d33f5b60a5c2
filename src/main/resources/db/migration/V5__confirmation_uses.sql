-- Confirmations of destructive tool calls already redeemed, so that each is honoured once across every server sharing
-- this database; a row is useless (and deleted) once the confirmation expires, a few minutes after it was issued.
CREATE TABLE confirmation_uses (
    nonce      VARCHAR(32) PRIMARY KEY,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX confirmation_uses_expires_at ON confirmation_uses (expires_at);
