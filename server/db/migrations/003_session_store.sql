-- Sessions as the server's SessionStore keeps them (server/auth/session-store.ts), so that every
-- Dokuei server behind a load balancer knows every session. Role comes from the users file at each
-- request and expiry is computed from the idle/absolute limits, so neither is stored.
ALTER TABLE sessions ADD COLUMN address text NOT NULL DEFAULT '';
ALTER TABLE sessions ALTER COLUMN role DROP NOT NULL;
ALTER TABLE sessions ALTER COLUMN expires_at DROP NOT NULL;
CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);
