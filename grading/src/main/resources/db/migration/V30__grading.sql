-- Grading: photos, the grading queue, unit verdicts, batch grades, reviews and the model registry.
-- org_id and batch_id name traceability's rows but carry no foreign key: grading stands apart from
-- traceability; api checks batches and organisations before anything is written here.

CREATE TABLE grading_photo (
    id             uuid PRIMARY KEY,
    org_id         uuid NOT NULL,
    batch_id       uuid NOT NULL,
    product        text NOT NULL,
    sha256         char(64) NOT NULL,
    content_type   text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    width          int NOT NULL CHECK (width > 0),
    height         int NOT NULL CHECK (height > 0),
    -- the photo as uploaded (may hold EXIF, GPS included): never served publicly
    bytes          bytea NOT NULL,
    -- re-encoded JPEG without any metadata, upright: the only copy served at /photos/{id}
    public_bytes   bytea NOT NULL,
    uploaded_by    text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (batch_id, sha256)
);
CREATE INDEX grading_photo_batch_idx ON grading_photo (batch_id, created_at);

-- The queue: one job per photo. Workers claim with FOR UPDATE SKIP LOCKED and a lease; a job whose
-- lease ran out (crashed worker) is claimable again; the unique verdict per photo makes grading
-- idempotent, so nothing is graded twice.
CREATE TABLE grading_job (
    photo_id       uuid PRIMARY KEY REFERENCES grading_photo (id),
    batch_id       uuid NOT NULL,
    state          text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'parked')),
    attempts       int NOT NULL DEFAULT 0,
    available_at   timestamptz NOT NULL DEFAULT now(),
    leased_until   timestamptz,
    lease_owner    text,
    last_error     text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grading_job_ready_idx ON grading_job (available_at) WHERE state IN ('queued', 'running');
CREATE INDEX grading_job_batch_idx ON grading_job (batch_id) WHERE state IN ('queued', 'running');

CREATE TABLE grading_unit_verdict (
    photo_id       uuid PRIMARY KEY REFERENCES grading_photo (id),
    org_id         uuid NOT NULL,
    batch_id       uuid NOT NULL,
    label          text NOT NULL,
    confidence     double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    probabilities  jsonb NOT NULL,
    model_version  text NOT NULL,
    photo_sha256   char(64) NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grading_unit_verdict_batch_idx ON grading_unit_verdict (batch_id);

-- Every grade ever given to a batch; the newest is current. A review override is a new row that
-- points at the grade it corrects.
CREATE TABLE grading_batch_grade (
    id              uuid PRIMARY KEY,
    org_id          uuid NOT NULL,
    batch_id        uuid NOT NULL,
    grade           text NOT NULL CHECK (grade IN ('EXTRA', 'CLASS_I', 'CLASS_II', 'REJECT')),
    needs_review    boolean NOT NULL,
    reasons         text[] NOT NULL DEFAULT '{}',
    sample_size     int NOT NULL,
    defective_share double precision NOT NULL,
    policy_version  text NOT NULL,
    model_version   text,
    photo_ids       uuid[] NOT NULL DEFAULT '{}',
    photo_sha256    text[] NOT NULL DEFAULT '{}',
    overrides       uuid REFERENCES grading_batch_grade (id),
    reviewed_by     text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    seq             bigint GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX grading_batch_grade_batch_idx ON grading_batch_grade (batch_id, seq DESC);

-- Outbox: which grades have their EPCIS inspecting event recorded (api records it, at least once;
-- the event store makes a re-send idempotent through the eventID).
CREATE TABLE grading_grade_event (
    grade_id     uuid PRIMARY KEY REFERENCES grading_batch_grade (id),
    event_id     text NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE grading_review (
    id           uuid PRIMARY KEY,
    org_id       uuid NOT NULL,
    batch_id     uuid NOT NULL,
    target       text NOT NULL CHECK (target IN ('unit', 'batch')),
    photo_id     uuid REFERENCES grading_photo (id),
    grade_id     uuid REFERENCES grading_batch_grade (id),
    action       text NOT NULL CHECK (action IN ('confirm', 'override')),
    label        text,
    grade        text CHECK (grade IN ('EXTRA', 'CLASS_I', 'CLASS_II', 'REJECT')),
    reason       text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    reviewer     text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((target = 'unit' AND photo_id IS NOT NULL) OR (target = 'batch' AND grade_id IS NOT NULL)),
    CHECK (action = 'confirm' OR (target = 'unit' AND label IS NOT NULL) OR (target = 'batch' AND grade IS NOT NULL))
);
CREATE INDEX grading_review_batch_idx ON grading_review (batch_id, created_at);

CREATE TABLE grading_model (
    version      text PRIMARY KEY,
    product      text NOT NULL,
    metrics      jsonb NOT NULL,
    source       text NOT NULL CHECK (source IN ('shipped', 'retrained')),
    active       boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    promoted_at  timestamptz
);
CREATE UNIQUE INDEX grading_model_one_active_idx ON grading_model (product) WHERE active;

-- Append-only history: verdicts, grades and reviews are never changed or deleted.
CREATE FUNCTION grading_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER grading_unit_verdict_append_only BEFORE UPDATE OR DELETE ON grading_unit_verdict
    FOR EACH ROW EXECUTE FUNCTION grading_append_only();
CREATE TRIGGER grading_batch_grade_append_only BEFORE UPDATE OR DELETE ON grading_batch_grade
    FOR EACH ROW EXECUTE FUNCTION grading_append_only();
CREATE TRIGGER grading_review_append_only BEFORE UPDATE OR DELETE ON grading_review
    FOR EACH ROW EXECUTE FUNCTION grading_append_only();
