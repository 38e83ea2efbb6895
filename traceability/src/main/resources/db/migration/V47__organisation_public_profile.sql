-- The organisation's public profile (issue 16): what consumer pages show about the producer besides
-- its name. Everything here is chosen by the organisation's admins to be public: an office phone and
-- e-mail, a website, an address, a short text, certifications (VietGAP, GlobalG.A.P., organic...) and a
-- logo. One row per organisation, written as a whole; no row means nothing beyond the name is shown.
CREATE TABLE organisation_profile (
    org_id          uuid PRIMARY KEY REFERENCES organisation (id) ON DELETE CASCADE,
    display_name    text CHECK (length(display_name) BETWEEN 1 AND 200),
    phone           text CHECK (phone ~ '^\+?[0-9 .()-]{6,24}$'),
    email           text CHECK (length(email) <= 254),
    website         text CHECK (website ~ '^https?://' AND length(website) <= 500),
    address         text CHECK (length(address) <= 300),
    about           text CHECK (length(about) <= 1000),
    -- [{standard, agency, value, uri, validUntil}], at most 10 (checked by the service)
    certifications  jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(certifications) = 'array'),
    logo            bytea CHECK (octet_length(logo) <= 262144),
    logo_type       text CHECK (logo_type IN ('image/png', 'image/jpeg', 'image/webp')),
    logo_sha256     text,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((logo IS NULL) = (logo_type IS NULL))
);
