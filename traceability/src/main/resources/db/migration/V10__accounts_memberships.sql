-- People who sign in, their membership (role) in organisations, and the farms a farmer may write.

CREATE TABLE app_user (
    id             uuid PRIMARY KEY,
    -- stored lower-cased; one account per address
    email          text NOT NULL UNIQUE CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+$'
                                               AND length(email) <= 254),
    display_name   text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    -- Spring Security DelegatingPasswordEncoder format, e.g. {argon2}$argon2id$...; never the password
    password_hash  text NOT NULL,
    disabled       boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE membership (
    user_id     uuid NOT NULL REFERENCES app_user (id),
    org_id      uuid NOT NULL REFERENCES organisation (id),
    role        text NOT NULL CHECK (role IN ('farmer', 'reviewer', 'admin')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, org_id)
);
CREATE INDEX membership_org_idx ON membership (org_id);

-- Farms whose batches a farmer may create and change.
CREATE TABLE member_farm (
    user_id  uuid NOT NULL,
    org_id   uuid NOT NULL,
    farm_id  uuid NOT NULL REFERENCES farm (id),
    PRIMARY KEY (user_id, org_id, farm_id),
    FOREIGN KEY (user_id, org_id) REFERENCES membership (user_id, org_id) ON DELETE CASCADE
);
