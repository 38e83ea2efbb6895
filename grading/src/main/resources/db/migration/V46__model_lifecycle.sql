-- Model lifecycle shared by every replica: retraining jobs (state, progress and a heartbeat written
-- by the replica that runs them, so any replica answers a job, and a job whose replica died is
-- reported failed) and the files of retrained models (a zip per version, so a replica that did not
-- train a model can load it).

CREATE TABLE grading_retrain_job (
    id                 uuid PRIMARY KEY,
    org_id             uuid NOT NULL,
    status             text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
    progress           double precision NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
    message            text NOT NULL DEFAULT '',
    candidate_version  text NOT NULL,
    started_at         timestamptz NOT NULL DEFAULT now(),
    -- written every few seconds while the job is queued or runs
    heartbeat_at       timestamptz NOT NULL DEFAULT now(),
    finished_at        timestamptz,
    error              text
);
CREATE INDEX grading_retrain_job_org_idx ON grading_retrain_job (org_id, started_at DESC);

CREATE TABLE grading_model_archive (
    version     text PRIMARY KEY REFERENCES grading_model (version),
    -- zip of the model directory (model.json, metrics.json, member-*.params, ...), no sub-directories
    archive     bytea NOT NULL,
    sha256      char(64) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
