-- Live updates: every unit verdict, batch grade and review written is announced on the channel
-- nguon_grading with pg_notify. PostgreSQL delivers a notification only when its transaction commits
-- (nothing for a rolled-back write) and to every listening session, so each application instance
-- hears the writes of all the others. The payload is small JSON naming rows, never their content:
--   {"id": 17, "kind": "verdict", "org": "...", "batch": "...", "photo": "..."}
--   {"id": 18, "kind": "grade", "org": "...", "batch": "...", "grade": "...", "needsReview": true}
--   {"id": 19, "kind": "review", "org": "...", "batch": "...", "review": "...", "grade": "...", "photo": null}
-- id comes from a sequence: unique and increasing in commit order closely enough for an SSE event id.

CREATE SEQUENCE grading_change_seq;

CREATE FUNCTION grading_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    payload jsonb := jsonb_build_object('id', nextval('grading_change_seq'), 'kind', TG_ARGV[0],
        'org', NEW.org_id, 'batch', NEW.batch_id);
BEGIN
    -- only the branch taken reads NEW's columns, so one function serves the three tables
    IF TG_ARGV[0] = 'verdict' THEN
        payload := payload || jsonb_build_object('photo', NEW.photo_id);
    ELSIF TG_ARGV[0] = 'grade' THEN
        payload := payload || jsonb_build_object('grade', NEW.id, 'needsReview', NEW.needs_review);
    ELSE
        payload := payload || jsonb_build_object('review', NEW.id, 'grade', NEW.grade_id, 'photo', NEW.photo_id);
    END IF;
    PERFORM pg_notify('nguon_grading', payload::text);
    RETURN NULL;
END $$;

CREATE TRIGGER grading_unit_verdict_notify AFTER INSERT ON grading_unit_verdict
    FOR EACH ROW EXECUTE FUNCTION grading_notify_change('verdict');
CREATE TRIGGER grading_batch_grade_notify AFTER INSERT ON grading_batch_grade
    FOR EACH ROW EXECUTE FUNCTION grading_notify_change('grade');
CREATE TRIGGER grading_review_notify AFTER INSERT ON grading_review
    FOR EACH ROW EXECUTE FUNCTION grading_notify_change('review');
