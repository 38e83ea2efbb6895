-- Large label-sheet jobs, shared by every replica: whichever replica runs a job writes its
-- progress (and a heartbeat) here, any replica answers its progress and PDF. A job whose
-- heartbeat stops (its replica died) is reported failed.

CREATE TABLE label_job (
    id            uuid PRIMARY KEY,
    org_id        uuid NOT NULL REFERENCES organisation (id),
    state         text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed')),
    done          integer NOT NULL DEFAULT 0 CHECK (done >= 0),
    total         integer NOT NULL CHECK (total > 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    -- written about every second while the job runs
    heartbeat_at  timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    error         text,
    pdf           bytea,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX label_job_expires_idx ON label_job (expires_at);
