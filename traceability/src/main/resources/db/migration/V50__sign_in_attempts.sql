-- Sign-in attempts counted in PostgreSQL, so every instance behind the proxy counts the same attempts
-- (a client spreading guesses over n replicas gets the limit once, not n times). One row per bucket (the
-- SHA-256 of the limit and the client key: no address or e-mail address in clear) and minute; rows older
-- than a few minutes are swept.

CREATE TABLE sign_in_attempt (
    bucket        char(64) NOT NULL,
    window_start  timestamptz NOT NULL,
    attempts      integer NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
CREATE INDEX sign_in_attempt_window_idx ON sign_in_attempt (window_start);
