-- Personal access tokens for API and EPCIS clients. Only the SHA-256 of the secret is stored.

CREATE TABLE access_token (
    id            uuid PRIMARY KEY,
    org_id        uuid NOT NULL REFERENCES organisation (id),
    -- the member acting through the token; NULL for an organisation token (acts as admin),
    -- such as the one configured with NGUON_ADMIN_TOKEN
    user_id       uuid REFERENCES app_user (id),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- lower-case hex SHA-256 of the whole secret as sent in "Authorization: Bearer <secret>"
    secret_hash   char(64) NOT NULL UNIQUE CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
    scopes        text[] NOT NULL CHECK (scopes <@ ARRAY['read', 'write', 'epcis', 'grading', 'admin']::text[]),
    -- 'personal' (created through the API) or 'config' (from NGUON_ADMIN_TOKEN)
    origin        text NOT NULL DEFAULT 'personal' CHECK (origin IN ('personal', 'config')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX access_token_org_idx ON access_token (org_id, created_at DESC);
