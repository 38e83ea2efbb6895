-- Transparency log (RFC 9162, Certificate Transparency 2.0 style) over epcis_event.
-- Leaf i of the Merkle tree is SHA-256(0x00 || JCS(doc)) of one stored event; the log never
-- changes a leaf, it only appends. No foreign key to epcis_event on purpose: the verifier must
-- be able to report rows that were deleted behind the service's back.

-- One row per leaf, in log order.
CREATE TABLE transparency_leaf (
    leaf_index  bigint PRIMARY KEY CHECK (leaf_index >= 0),
    seq         bigint NOT NULL UNIQUE,                        -- epcis_event.seq of the event
    event_id    text NOT NULL,                                 -- its eventID when logged
    leaf_hash   bytea NOT NULL CHECK (length(leaf_hash) = 32),
    logged_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX transparency_leaf_event_idx ON transparency_leaf (event_id);

-- Hash of every complete, aligned subtree of height >= 1: node (level, idx) covers leaves
-- [idx * 2^level, (idx + 1) * 2^level). Any root or proof needs O(log^2 n) of these.
CREATE TABLE transparency_node (
    level  smallint NOT NULL CHECK (level BETWEEN 1 AND 62),
    idx    bigint NOT NULL CHECK (idx >= 0),
    hash   bytea NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
);

-- Signed tree heads (Ed25519 over RFC 9162 TreeHeadDataV2, see TreeHead.java).
CREATE TABLE transparency_head (
    tree_size     bigint NOT NULL CHECK (tree_size >= 0),
    root_hash     bytea NOT NULL CHECK (length(root_hash) = 32),
    timestamp_ms  bigint NOT NULL,
    signature     bytea NOT NULL,
    key_id        bytea NOT NULL CHECK (length(key_id) = 32),
    PRIMARY KEY (timestamp_ms, tree_size)
);

-- Public keys that signed heads, so old heads stay checkable after a key change.
CREATE TABLE transparency_key (
    key_id      bytea PRIMARY KEY CHECK (length(key_id) = 32),
    public_key  bytea NOT NULL,                                -- DER SubjectPublicKeyInfo
    first_used  timestamptz NOT NULL DEFAULT now()
);

-- The appender's position; the row is locked (and an advisory lock taken) by the one
-- instance appending at a time.
CREATE TABLE transparency_state (
    id          smallint PRIMARY KEY CHECK (id = 1),
    tree_size   bigint NOT NULL,
    cursor_seq  bigint NOT NULL    -- every event with seq <= cursor_seq is logged or inside a gap
);
INSERT INTO transparency_state (id, tree_size, cursor_seq) VALUES (1, 0, 0);

-- Holes in the seq order seen by the appender: a transaction still running (its rows are
-- appended when they become visible) or rolled back. A gap is dropped only when PostgreSQL
-- says no transaction that could fill it is still running (horizon <= oldest running xid).
CREATE TABLE transparency_gap (
    lo          bigint PRIMARY KEY,
    hi          bigint NOT NULL CHECK (hi >= lo),
    first_seen  timestamptz NOT NULL DEFAULT now(),
    horizon     xid8
);
