-- The EPCIS 2.0 event store (owner: epcis). Append-only: a correction (error declaration) is a new
-- row with the same event_id and correction = true; nothing is ever updated or deleted.

-- One row per accepted capture (EPCISDocument or single event).
CREATE TABLE epcis_capture (
    id              uuid PRIMARY KEY,
    org_id          uuid NOT NULL REFERENCES organisation (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    -- true when every event of the document was stored
    success         boolean NOT NULL,
    event_count     integer NOT NULL,
    stored_count    integer NOT NULL,
    -- refused events (proceed-on-error): [{"index": n, "message": "..."}]
    errors          jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX epcis_capture_org_idx ON epcis_capture (org_id, created_at DESC);

CREATE TABLE epcis_event (
    -- capture order (gaps and out-of-commit-order values are possible under concurrency)
    seq                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the eventID as sent, or the CBV 2.0 event hash id (ni:///sha-256;...?ver=CBV2.0)
    event_id                text NOT NULL,
    org_id                  uuid NOT NULL REFERENCES organisation (id),
    record_time             timestamptz NOT NULL DEFAULT now(),
    -- the event object as sent (eventID set), so a read-back keeps every field
    doc                     jsonb NOT NULL,
    -- CBV 2.0 event hash of the content; tells an identical re-send from a different event
    content_hash            text NOT NULL,
    -- true for an error declaration of the event with the same event_id
    correction              boolean NOT NULL DEFAULT false,
    event_type              text NOT NULL,
    event_time              timestamptz NOT NULL,
    event_time_zone_offset  text NOT NULL,
    action                  text,
    -- bare CBV word (commissioning) or the full URI for non-CBV values
    biz_step                text,
    disposition             text,
    -- canonical location keys (414/{gln}/254/{ext}) or the URI as sent
    read_point              text,
    biz_location            text,
    -- the capture job (written at the end of the same transaction, so no foreign key)
    capture_id              uuid,
    UNIQUE (org_id, event_id, correction)
);
CREATE INDEX epcis_event_org_time_idx ON epcis_event (org_id, event_time, seq);
CREATE INDEX epcis_event_org_record_idx ON epcis_event (org_id, record_time, seq);
CREATE INDEX epcis_event_capture_idx ON epcis_event (capture_id);

-- Identifiers named by each event, canonical (01/{gtin}/10/{lot}, 01/{gtin}/21/{serial}, 00/{sscc},
-- or the URI as sent for other schemes), with the field that names them.
-- role: epc (epcList), parent (parentID), child (childEPCs), input (inputEPCList), output (outputEPCList),
-- qty (quantityList), child_qty (childQuantityList), input_qty (inputQuantityList), output_qty (outputQuantityList)
CREATE TABLE epcis_event_epc (
    seq     bigint NOT NULL,
    org_id  uuid NOT NULL,
    role    text NOT NULL,
    epc     text COLLATE "C" NOT NULL
);
CREATE INDEX epcis_event_epc_key_idx ON epcis_event_epc (epc, org_id, seq);
CREATE INDEX epcis_event_epc_seq_idx ON epcis_event_epc (seq);

-- Genealogy: what flowed into what. from_key is upstream (transformation input, aggregated child),
-- to_key downstream (transformation output, aggregation parent). Cycles are refused at capture.
CREATE TABLE lot_edge (
    from_key  text COLLATE "C" NOT NULL,
    to_key    text COLLATE "C" NOT NULL,
    -- the event that first recorded the edge
    seq       bigint NOT NULL,
    PRIMARY KEY (from_key, to_key)
);
CREATE INDEX lot_edge_to_idx ON lot_edge (to_key, from_key);
