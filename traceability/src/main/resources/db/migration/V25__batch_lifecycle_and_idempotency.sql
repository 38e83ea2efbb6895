-- Batches: lifecycle stage next to the recall status, audit times, and the event that created
-- each batch; idempotency keys of the /api creating requests (contract 7).

-- status stays 'active' | 'recalled' (contract 4); stage is where the lot is in its journey.
ALTER TABLE batch ADD COLUMN stage text NOT NULL DEFAULT 'harvested'
    CHECK (stage IN ('harvested', 'packed', 'shipped', 'received', 'consumed'));
ALTER TABLE batch ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
-- eventID of the harvest (ObjectEvent ADD) or transformation event that brought the lot into being
ALTER TABLE batch ADD COLUMN origin_event_id text;
ALTER TABLE batch ADD COLUMN recalled_at timestamptz;
CREATE INDEX batch_org_harvest_idx ON batch (org_id, harvest_date);
CREATE INDEX batch_farm_idx ON batch (farm_id);

ALTER TABLE farm ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE product ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- One row per idempotency key (an Idempotency-Key header, or 'id:<uuid>' for a client-chosen
-- id). A retry with the same key and the same request gets the resource made the first time;
-- the same key with another request is refused.
CREATE TABLE api_idempotency (
    org_id       uuid NOT NULL REFERENCES organisation (id),
    idem_key     text NOT NULL CHECK (length(idem_key) BETWEEN 1 AND 300),
    operation    text NOT NULL,
    fingerprint  text NOT NULL,
    resource_id  uuid,
    event_id     text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, idem_key)
);
