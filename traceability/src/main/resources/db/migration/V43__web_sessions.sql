-- Browser sessions, shared by every replica. The row is keyed by the SHA-256 of the session id
-- (the SESSION cookie's value), so reading the table hands out no live cookies.

CREATE TABLE web_session (
    -- lower-case hex SHA-256 of the session id
    id                text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
    -- the session's attributes as {"name": {"<type>": value}}, only simple known types
    attributes        jsonb NOT NULL DEFAULT '{}',
    created_at        timestamptz NOT NULL,
    -- written at most about once a minute per session, so idle expiry is accurate to a minute
    last_accessed_at  timestamptz NOT NULL,
    max_idle_seconds  integer NOT NULL CHECK (max_idle_seconds > 0),
    expires_at        timestamptz NOT NULL
);
CREATE INDEX web_session_expires_idx ON web_session (expires_at);
