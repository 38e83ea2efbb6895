package vn.nguon.grading.queue;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import vn.nguon.grading.policy.BatchGrade;
import vn.nguon.grading.policy.GradingPolicy;
import vn.nguon.grading.policy.UnitVerdict;

/**
 * Batch grades: decided from the photos' verdicts when a batch's queue is drained (serialised per batch),
 * appended as new rows (a grade is never changed), and read back per organisation.
 */
final class GradeDecisions {

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	GradeDecisions(DatabaseClient db, TransactionalOperator tx) {
		this.db = db;
		this.tx = tx;
	}

	/**
	 * Decides the batch's grade when no photo of it is waiting, unless the current grade already covers
	 * exactly these verdicts. Serialised per batch by an advisory lock.
	 * @return the new grade, or empty
	 */
	Mono<StoredGrade> gradeBatchIfDrained(UUID orgId, UUID batchId, GradingPolicy policy) {
		Mono<StoredGrade> work = this.db.sql("SELECT pg_advisory_xact_lock(hashtext(CAST(:b AS text)))")
			.bind("b", batchId).fetch().rowsUpdated()
			.then(this.db.sql("SELECT count(*) AS n FROM grading_job WHERE batch_id = :b AND state IN ('queued','running')")
				.bind("b", batchId).map(r -> r.get("n", Long.class)).one())
			.flatMap(pending -> pending > 0 ? Mono.empty()
					: verdicts(orgId, batchId).collectList().flatMap(vs -> decide(orgId, batchId, vs, policy)));
		return work.as(this.tx::transactional);
	}

	private Mono<StoredGrade> decide(UUID orgId, UUID batchId, List<StoredVerdict> verdicts, GradingPolicy policy) {
		if (verdicts.isEmpty()) {
			return Mono.empty();
		}
		return currentGrade(orgId, batchId).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap(current -> {
			List<UUID> ids = verdicts.stream().map(StoredVerdict::photoId).toList();
			boolean reviewedUnits = verdicts.stream().anyMatch(v -> v.reviewedLabel() != null);
			if (current.isPresent() && current.get().photoIds().equals(ids) && !reviewedUnits) {
				return Mono.empty();
			}
			BatchGrade g = policy.grade(verdicts.stream()
				.map(v -> v.reviewedLabel() != null ? UnitVerdict.reviewed(v.reviewedLabel())
						: UnitVerdict.ofProbabilities(v.probabilities()))
				.toList());
			g = photosWaiting(g, verdicts);
			String models = String.join(",", verdicts.stream().map(StoredVerdict::modelVersion).distinct().sorted().toList());
			return insertGrade(orgId, batchId, g.grade().name(), g.needsReview(), g.reasons(), g.sampleSize(),
					g.defectiveShare(), g.policyVersion(), models, ids,
					verdicts.stream().map(StoredVerdict::photoSha256).toList(), null, null, g.certainty());
		});
	}

	/** A batch one of whose photos the model could not decide alone (and nobody reviewed yet) waits for a person. */
	static BatchGrade photosWaiting(BatchGrade g, List<StoredVerdict> verdicts) {
		return verdicts.stream().anyMatch(StoredVerdict::waitsForReview) ? g.withReason("photos-need-review") : g;
	}

	Mono<StoredGrade> insertGrade(UUID orgId, UUID batchId, String grade, boolean needsReview,
			List<String> reasons, int sampleSize, double defectiveShare, String policyVersion, String modelVersion,
			List<UUID> photoIds, List<String> shas, UUID overrides, String reviewedBy, double certainty) {
		UUID id = UUID.randomUUID();
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				INSERT INTO grading_batch_grade (id, org_id, batch_id, grade, needs_review, reasons, sample_size,
				    defective_share, policy_version, model_version, photo_ids, photo_sha256, overrides, reviewed_by,
				    certainty)
				VALUES (:id, :org, :batch, :grade, :nr, :reasons, :n, :share, :policy, :model, :photos, :shas,
				    :overrides, :by, :certainty)""")
			.bind("id", id).bind("org", orgId).bind("batch", batchId).bind("grade", grade).bind("nr", needsReview)
			.bind("reasons", reasons.toArray(String[]::new)).bind("n", sampleSize).bind("share", defectiveShare)
			.bind("policy", policyVersion).bind("photos", photoIds.toArray(UUID[]::new))
			.bind("shas", shas.toArray(String[]::new)).bind("certainty", Math.min(1.0, certainty));
		spec = modelVersion == null ? spec.bindNull("model", String.class) : spec.bind("model", modelVersion);
		spec = overrides == null ? spec.bindNull("overrides", UUID.class) : spec.bind("overrides", overrides);
		spec = reviewedBy == null ? spec.bindNull("by", String.class) : spec.bind("by", reviewedBy);
		return spec.fetch().rowsUpdated().then(grade(orgId, id));
	}

	/** @return one grade of the organisation */
	Mono<StoredGrade> grade(UUID orgId, UUID gradeId) {
		return this.db.sql(GradingRows.GRADE_COLUMNS + " WHERE g.id = :id AND g.org_id = :org").bind("id", gradeId)
			.bind("org", orgId).map(GradingRows::gradeRow).one();
	}

	/**
	 * The current grade of each of some batches of the organisation, for lists.
	 * @return one grade per batch that has one
	 */
	Flux<StoredGrade> currentGrades(UUID orgId, java.util.Collection<UUID> batchIds) {
		if (batchIds.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql(GradingRows.GRADE_COLUMNS + " " + """
				 WHERE g.org_id = :org AND g.batch_id = ANY(:ids)
				   AND g.seq = (SELECT max(g2.seq) FROM grading_batch_grade g2 WHERE g2.batch_id = g.batch_id)""")
			.bind("org", orgId).bind("ids", batchIds.toArray(UUID[]::new)).map(GradingRows::gradeRow).all();
	}

	/** @return the newest grade of a batch of the organisation */
	Mono<StoredGrade> currentGrade(UUID orgId, UUID batchId) {
		return this.db.sql(GradingRows.GRADE_COLUMNS + " WHERE g.batch_id = :b AND g.org_id = :org ORDER BY g.seq DESC LIMIT 1")
			.bind("b", batchId).bind("org", orgId).map(GradingRows::gradeRow).one();
	}

	/** @return every grade of a batch, oldest first */
	Flux<StoredGrade> gradeHistory(UUID orgId, UUID batchId) {
		return this.db.sql(GradingRows.GRADE_COLUMNS + " WHERE g.batch_id = :b AND g.org_id = :org ORDER BY g.seq")
			.bind("b", batchId).bind("org", orgId).map(GradingRows::gradeRow).all();
	}

	/** @return unit verdicts of a batch, with the latest reviewer label, in upload order */
	Flux<StoredVerdict> verdicts(UUID orgId, UUID batchId) {
		return this.db.sql("""
				SELECT v.photo_id, v.batch_id, v.label, v.confidence, CAST(v.probabilities AS text) AS p, v.model_version,
				    v.photo_sha256, v.created_at, v.needs_review, v.review_reasons,
				    (SELECT r.label FROM grading_review r WHERE r.photo_id = v.photo_id AND r.action = 'override'
				     ORDER BY r.created_at DESC, r.id LIMIT 1) AS reviewed
				FROM grading_unit_verdict v JOIN grading_photo p ON p.id = v.photo_id
				WHERE v.batch_id = :b AND v.org_id = :org
				ORDER BY p.created_at, p.id""")
			.bind("b", batchId).bind("org", orgId)
			.map(r -> new StoredVerdict(r.get("photo_id", UUID.class), r.get("batch_id", UUID.class),
					r.get("label", String.class), r.get("confidence", Double.class), GradingRows.probabilities(r.get("p", String.class)),
					r.get("model_version", String.class), r.get("photo_sha256", String.class),
					r.get("reviewed", String.class), GradingRows.instant(r, "created_at"),
					Boolean.TRUE.equals(r.get("needs_review", Boolean.class)), GradingRows.list(r.get("review_reasons", String[].class))))
			.all();
	}

}
