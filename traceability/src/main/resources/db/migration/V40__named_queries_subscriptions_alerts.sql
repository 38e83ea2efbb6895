-- Named queries, subscriptions with webhook delivery state, dead letters and recall alerts
-- (owner: subs). See docs in vn.nguon.traceability.subscription.

-- A saved SimpleEventQuery of one organisation: the GET /epcis/events parameters as
-- {"name": ["value", ...]}.
CREATE TABLE named_query (
    org_id      uuid NOT NULL REFERENCES organisation (id),
    name        text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'),
    params      jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, name)
);

-- A webhook subscription to a named query, with its delivery state: every matching event with
-- seq <= cursor_seq was delivered (2xx) or dead-lettered; recall alerts with id <= alert_cursor too.
CREATE TABLE subscription (
    id               uuid PRIMARY KEY,
    org_id           uuid NOT NULL,
    query_name       text NOT NULL,
    dest             text NOT NULL,
    stream           boolean NOT NULL,
    -- {"second": "0", "minute": "*/5", ...} when not a stream
    schedule         jsonb,
    report_if_empty  boolean NOT NULL DEFAULT false,
    signature_token  text,
    cursor_seq       bigint NOT NULL,
    alert_cursor     bigint NOT NULL DEFAULT 0,
    -- failed attempts of the current batch, and when to try next (or the next scheduled run)
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    last_delivered_at timestamptz,
    -- the dispatcher instance working on it, until when
    lease_owner      text,
    lease_until      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (stream OR schedule IS NOT NULL),
    FOREIGN KEY (org_id, query_name) REFERENCES named_query (org_id, name) ON DELETE CASCADE
);
CREATE INDEX subscription_due_idx ON subscription (next_attempt_at);
CREATE INDEX subscription_org_idx ON subscription (org_id, query_name);

-- Batches given up after the last retry: the exact body, to be seen and replayed by the admin.
CREATE TABLE subscription_dead_letter (
    id               uuid PRIMARY KEY,
    subscription_id  uuid NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    org_id           uuid NOT NULL,
    body             text NOT NULL,
    first_seq        bigint,
    last_seq         bigint,
    event_count      integer NOT NULL,
    attempts         integer NOT NULL,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    replayed_at      timestamptz
);
CREATE INDEX subscription_dead_letter_org_idx ON subscription_dead_letter (org_id, created_at DESC);

-- A recall that concerns an organisation: it holds or received the recalled lot or a lot downstream.
CREATE TABLE recall_alert (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id          uuid NOT NULL,
    lot_key         text NOT NULL,          -- the lot the organisation holds (01/{gtin}/10/{lot})
    recalled_key    text NOT NULL,          -- the lot named by the recall event
    recall_seq      bigint NOT NULL,        -- epcis_event.seq of the recall event
    recall_event_id text NOT NULL,
    recalling_org   uuid NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, recall_seq, lot_key)
);
CREATE INDEX recall_alert_org_idx ON recall_alert (org_id, id);

-- Position of the recall watcher (one instance at a time holds the row lock).
CREATE TABLE recall_watch_state (
    id          smallint PRIMARY KEY CHECK (id = 1),
    cursor_seq  bigint NOT NULL
);
INSERT INTO recall_watch_state (id, cursor_seq) SELECT 1, coalesce(max(seq), 0) FROM epcis_event;

-- Sharing along the chain: the lots an organisation received (receiving events), found fast.
CREATE INDEX epcis_event_receiving_idx ON epcis_event (org_id, seq) WHERE biz_step = 'receiving';
CREATE INDEX epcis_event_recalled_idx ON epcis_event (seq) WHERE disposition = 'recalled';

-- Wake the subscription dispatchers as soon as events commit (one notification per transaction).
CREATE FUNCTION nguon_notify_epcis_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('nguon_epcis_event', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER epcis_event_notify AFTER INSERT ON epcis_event
    FOR EACH STATEMENT EXECUTE FUNCTION nguon_notify_epcis_event();
