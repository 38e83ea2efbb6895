-- Many organisations along the chain (issue 13).
-- An organisation can be disabled by the platform operator: its members' sessions and tokens stop
-- working at once (they are checked against this column on every request).
ALTER TABLE organisation ADD COLUMN disabled_at timestamptz;

-- The party GLNs (GS1 AI 417) an organisation is known by: a shipping event whose destinationList
-- names one of them as owning or possessing party shares the shipped lots with that organisation.
CREATE TABLE organisation_party (
    gln         char(13) PRIMARY KEY CHECK (gln ~ '^[0-9]{13}$'),
    org_id      uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organisation_party_org_idx ON organisation_party (org_id);

-- Explicit consent: the grantor lets the grantee read its events (as deep as the grantor's sharing
-- policy goes) about every lot the grantee has shipped to it, received or been granted; revocable.
CREATE TABLE partner_grant (
    grantor     uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    grantee     uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grantor, grantee),
    CHECK (grantor <> grantee)
);
CREATE INDEX partner_grant_grantee_idx ON partner_grant (grantee);
