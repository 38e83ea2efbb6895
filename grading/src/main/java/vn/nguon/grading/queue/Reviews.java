package vn.nguon.grading.queue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import vn.nguon.grading.GradingException;
import vn.nguon.grading.policy.BatchGrade;
import vn.nguon.grading.policy.GradeClass;
import vn.nguon.grading.policy.GradingPolicy;
import vn.nguon.grading.policy.UnitVerdict;

/**
 * Reviews by people, append-only: of a photo's verdict (an override re-grades the batch) or of a batch
 * grade (a new grade the reviewer stands behind); the review queue and the reviewed photos for export.
 */
final class Reviews {

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	private final GradeDecisions decisions;

	Reviews(DatabaseClient db, TransactionalOperator tx, GradeDecisions decisions) {
		this.db = db;
		this.tx = tx;
		this.decisions = decisions;
	}

	/**
	 * Appends a review of a unit verdict; an override re-grades the batch (a new grade row pointing at the
	 * current one, with the reviewer's name).
	 * @return the new grade when one was made
	 */
	Mono<StoredGrade> reviewUnit(UUID orgId, UUID photoId, boolean override, String label, String reason,
			String reviewer, GradingPolicy policy) {
		if (override && !policy.unitLevels().containsKey(label)) {
			return Mono.error(new GradingException(GradingException.Kind.INVALID, "unknown-label",
					"Unknown label " + label, label));
		}
		Mono<StoredGrade> work = this.db.sql("SELECT batch_id FROM grading_unit_verdict WHERE photo_id = :p AND org_id = :org")
			.bind("p", photoId).bind("org", orgId).map(r -> r.get("batch_id", UUID.class)).one()
			.switchIfEmpty(Mono.error(new GradingException(GradingException.Kind.NOT_FOUND, "verdict-not-found",
					"No verdict for photo " + photoId)))
			.flatMap(batchId -> insertReview(orgId, batchId, "unit", photoId, null, override, label, null, reason, reviewer)
				.then(override ? regradeAfterUnitReview(orgId, batchId, policy, reviewer) : Mono.empty()));
		return work.as(this.tx::transactional);
	}

	private Mono<StoredGrade> regradeAfterUnitReview(UUID orgId, UUID batchId, GradingPolicy policy, String reviewer) {
		return this.decisions.currentGrade(orgId, batchId).flatMap(current -> this.decisions.verdicts(orgId, batchId).collectList().flatMap(vs -> {
			BatchGrade g = policy.grade(vs.stream()
				.map(v -> v.reviewedLabel() != null ? UnitVerdict.reviewed(v.reviewedLabel())
						: UnitVerdict.ofProbabilities(v.probabilities()))
				.toList());
			BatchGrade regraded = GradeDecisions.photosWaiting(g, vs);
			return this.decisions.insertGrade(orgId, batchId, regraded.grade().name(), regraded.needsReview(), regraded.reasons(),
					regraded.sampleSize(), regraded.defectiveShare(), regraded.policyVersion(), current.modelVersion(),
					vs.stream().map(StoredVerdict::photoId).toList(), vs.stream().map(StoredVerdict::photoSha256).toList(),
					current.id(), reviewer, regraded.certainty());
		}));
	}

	/**
	 * Appends a review of a batch grade and records the grade a person stands behind: the corrected class for
	 * an override, the same class for a confirmation; either needs no review, is certain, names the reviewer
	 * and points at the grade it reviews (so its EPCIS event tells consumers a person checked it).
	 * @return the new grade
	 */
	Mono<StoredGrade> reviewBatch(UUID orgId, UUID gradeId, boolean override, GradeClass grade, String reason,
			String reviewer) {
		Mono<StoredGrade> work = this.decisions.grade(orgId, gradeId)
			.switchIfEmpty(Mono.error(new GradingException(GradingException.Kind.NOT_FOUND, "grade-not-found",
					"No grade " + gradeId)))
			.flatMap(g -> insertReview(orgId, g.batchId(), "batch", null, gradeId, override, null,
					grade == null ? null : grade.name(), reason, reviewer)
				.then(this.decisions.insertGrade(orgId, g.batchId(), override ? grade.name() : g.grade(), false, List.of(),
						g.sampleSize(), g.defectiveShare(), g.policyVersion(), g.modelVersion(), g.photoIds(),
						g.photoSha256(), g.id(), reviewer, 1.0)));
		return work.as(this.tx::transactional);
	}

	private Mono<Void> insertReview(UUID orgId, UUID batchId, String target, UUID photoId, UUID gradeId,
			boolean override, String label, String grade, String reason, String reviewer) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				INSERT INTO grading_review (id, org_id, batch_id, target, photo_id, grade_id, action, label, grade,
				    reason, reviewer)
				VALUES (:id, :org, :batch, :target, :photo, :gradeId, :action, :label, :grade, :reason, :reviewer)""")
			.bind("id", UUID.randomUUID()).bind("org", orgId).bind("batch", batchId).bind("target", target)
			.bind("action", override ? "override" : "confirm").bind("reason", reason).bind("reviewer", reviewer);
		spec = photoId == null ? spec.bindNull("photo", UUID.class) : spec.bind("photo", photoId);
		spec = gradeId == null ? spec.bindNull("gradeId", UUID.class) : spec.bind("gradeId", gradeId);
		spec = label == null || !override ? spec.bindNull("label", String.class) : spec.bind("label", label);
		spec = grade == null || !override ? spec.bindNull("grade", String.class) : spec.bind("grade", grade);
		return spec.fetch().rowsUpdated().then();
	}

	/**
	 * The review queue of an organisation: current batch grades that need review and were not reviewed since.
	 * @return grades awaiting a person, oldest first
	 */
	Flux<StoredGrade> reviewQueue(UUID orgId, int limit) {
		return this.db.sql(GradingRows.GRADE_COLUMNS + " " + """
				 WHERE g.org_id = :org AND g.needs_review
				   AND g.seq = (SELECT max(g2.seq) FROM grading_batch_grade g2 WHERE g2.batch_id = g.batch_id)
				   AND NOT EXISTS (SELECT 1 FROM grading_review r WHERE r.grade_id = g.id)
				 ORDER BY g.seq LIMIT :n""")
			.bind("org", orgId).bind("n", limit).map(GradingRows::gradeRow).all();
	}

	/**
	 * Reviews of an organisation, newest first.
	 * @return rows as maps (id, batchId, target, photoId, gradeId, action, label, grade, reason, reviewer, createdAt)
	 */
	Flux<Map<String, Object>> reviews(UUID orgId, int limit) {
		return this.db.sql("""
				SELECT id, batch_id, target, photo_id, grade_id, action, label, grade, reason, reviewer, created_at
				FROM grading_review WHERE org_id = :org ORDER BY created_at DESC LIMIT :n""")
			.bind("org", orgId).bind("n", limit)
			.map(r -> {
				Map<String, Object> m = new LinkedHashMap<>();
				m.put("id", r.get("id", UUID.class));
				m.put("batchId", r.get("batch_id", UUID.class));
				m.put("target", r.get("target", String.class));
				m.put("photoId", r.get("photo_id", UUID.class));
				m.put("gradeId", r.get("grade_id", UUID.class));
				m.put("action", r.get("action", String.class));
				m.put("label", r.get("label", String.class));
				m.put("grade", r.get("grade", String.class));
				m.put("reason", r.get("reason", String.class));
				m.put("reviewer", r.get("reviewer", String.class));
				m.put("createdAt", GradingRows.instant(r, "created_at"));
				return m;
			}).all();
	}

	/**
	 * Reviewed photos of an organisation for a research export: public copy and the label that counts.
	 * @return photo id, label, public JPEG bytes
	 */
	Flux<GradingStore.ReviewedPhoto> reviewedPhotos(UUID orgId) {
		return this.db.sql("""
				SELECT p.id, p.public_bytes, p.product, v.label AS model_label,
				    (SELECT r.label FROM grading_review r WHERE r.photo_id = p.id AND r.action = 'override'
				     ORDER BY r.created_at DESC, r.id LIMIT 1) AS reviewed
				FROM grading_photo p JOIN grading_unit_verdict v ON v.photo_id = p.id
				WHERE p.org_id = :org AND EXISTS (SELECT 1 FROM grading_review r WHERE r.photo_id = p.id)
				ORDER BY p.created_at, p.id""")
			.bind("org", orgId)
			.map(r -> new GradingStore.ReviewedPhoto(r.get("id", UUID.class), r.get("product", String.class),
					r.get("reviewed", String.class) != null ? r.get("reviewed", String.class)
							: r.get("model_label", String.class),
					GradingRows.bytes(r, "public_bytes")))
			.all();
	}

}
