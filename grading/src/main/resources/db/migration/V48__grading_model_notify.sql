-- A promotion or a switch back made through one replica is announced to all the others at once: when a
-- model becomes the active one of its product, its product is notified on the channel
-- nguon_grading_model (delivered on commit to every listening session). Replicas then re-read the small
-- registry table (ModelLifecycle.sync), so the payload carries no more than the product.

CREATE FUNCTION grading_model_notify_active() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('nguon_grading_model', NEW.product);
    RETURN NULL;
END $$;

CREATE TRIGGER grading_model_active_notify AFTER INSERT OR UPDATE OF active ON grading_model
    FOR EACH ROW WHEN (NEW.active) EXECUTE FUNCTION grading_model_notify_active();
