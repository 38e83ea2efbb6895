-- A batch grade says how sure it is: the probability of its class given its photos' probabilities.
-- Grades decided before this column existed counted hard votes only; 1 records that they claimed certainty.
ALTER TABLE grading_batch_grade ADD COLUMN certainty double precision NOT NULL DEFAULT 1
    CHECK (certainty >= 0 AND certainty <= 1);

-- A photo's verdict says whether the model could decide it alone, and why not. Verdicts stored before
-- came from a model without a validated threshold: every one of them needed a person.
ALTER TABLE grading_unit_verdict ADD COLUMN needs_review boolean NOT NULL DEFAULT true;
ALTER TABLE grading_unit_verdict ADD COLUMN review_reasons text[] NOT NULL DEFAULT ARRAY['low-confidence'];
ALTER TABLE grading_unit_verdict ADD CONSTRAINT grading_unit_verdict_reasons_match
    CHECK (needs_review = (cardinality(review_reasons) > 0));
