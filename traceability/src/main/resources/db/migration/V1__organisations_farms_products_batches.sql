-- Master data of cooperatives: organisations, farms (places), products (GTIN) and batches (lots).
-- Migration version ranges by feature, so parallel work never collides:
--   V1-V9 traceability core, V10-V19 accounts and transparency log, V20-V29 Digital Link and
--   consumer resolution, V30-V39 grading, V40-V49 subscriptions and sharing.

CREATE TABLE organisation (
    id                  uuid PRIMARY KEY,
    slug                text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    gs1_company_prefix  text CHECK (gs1_company_prefix ~ '^[0-9]{4,12}$'),
    -- what other organisations that received a lot may read upstream: public, one_step_back, full
    sharing_policy      text NOT NULL DEFAULT 'one_step_back'
                        CHECK (sharing_policy IN ('public', 'one_step_back', 'full')),
    -- whether consumer pages may show exact farm coordinates
    public_coordinates  boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE farm (
    id          uuid PRIMARY KEY,
    org_id      uuid NOT NULL REFERENCES organisation (id),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    gln         char(13),
    commune     text,
    district    text,
    province    text,
    -- GeoJSON geometry (Point or Polygon, WGS84)
    location    jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX farm_org_idx ON farm (org_id);

CREATE TABLE product (
    id            uuid PRIMARY KEY,
    org_id        uuid NOT NULL REFERENCES organisation (id),
    gtin          char(14) NOT NULL UNIQUE,
    name_vi       text NOT NULL CHECK (length(name_vi) BETWEEN 1 AND 200),
    name_en       text,
    variety       text,
    uses_serials  boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX product_org_idx ON product (org_id);

CREATE TABLE batch (
    id            uuid PRIMARY KEY,
    org_id        uuid NOT NULL REFERENCES organisation (id),
    product_id    uuid NOT NULL REFERENCES product (id),
    farm_id       uuid REFERENCES farm (id),
    gtin          char(14) NOT NULL,
    lot           text NOT NULL CHECK (length(lot) BETWEEN 1 AND 20),
    field_name    text,
    harvest_date  date,
    quantity      numeric(14, 3) CHECK (quantity > 0),
    unit          text,
    status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'recalled')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (gtin, lot)
);
CREATE INDEX batch_org_idx ON batch (org_id, created_at DESC);
CREATE INDEX batch_product_idx ON batch (product_id);
