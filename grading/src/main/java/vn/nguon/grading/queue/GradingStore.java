package vn.nguon.grading.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import vn.nguon.grading.GradingException;
import vn.nguon.grading.model.GradeResult;
import vn.nguon.grading.photo.CheckedPhoto;
import vn.nguon.grading.policy.BatchGrade;
import vn.nguon.grading.policy.GradeClass;
import vn.nguon.grading.policy.GradingPolicy;
import vn.nguon.grading.policy.UnitVerdict;

/**
 * Grading's own tables through R2DBC: stores photos and enqueues them (one transaction), claims jobs
 * with {@code FOR UPDATE SKIP LOCKED} and a lease, records verdicts exactly once, retries with backoff or
 * parks poison photos, decides batch grades when a batch's queue is drained, keeps append-only reviews
 * and the outbox of grades whose EPCIS event is still to be recorded. Every read is scoped by organisation.
 * Each verdict, grade and review row written here is announced on commit by a trigger ({@code NOTIFY
 * nguon_grading}, migration {@code V31}), heard by {@link vn.nguon.grading.live.GradingChanges}.
 */
public class GradingStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	private final QueueSettings settings;

	public GradingStore(DatabaseClient db, TransactionalOperator tx, QueueSettings settings) {
		this.db = db;
		this.tx = tx;
		this.settings = settings;
	}

	/** @return the queue settings */
	public QueueSettings settings() {
		return this.settings;
	}

	/**
	 * Stores a checked photo and queues it, in one transaction. The same photo sent twice to a batch is
	 * stored once (the existing id is returned).
	 * @return the photo id
	 */
	public Mono<UUID> savePhoto(UUID orgId, UUID batchId, String product, CheckedPhoto photo, String uploadedBy) {
		UUID id = UUID.randomUUID();
		Mono<UUID> insert = this.db.sql("""
				INSERT INTO grading_photo (id, org_id, batch_id, product, sha256, content_type, width, height, bytes,
				    public_bytes, uploaded_by)
				VALUES (:id, :org, :batch, :product, :sha, :type, :w, :h, :bytes, :pub, :by)
				ON CONFLICT (batch_id, sha256) DO NOTHING
				RETURNING id""")
			.bind("id", id).bind("org", orgId).bind("batch", batchId).bind("product", product)
			.bind("sha", photo.sha256()).bind("type", photo.contentType()).bind("w", photo.width())
			.bind("h", photo.height()).bind("bytes", java.nio.ByteBuffer.wrap(photo.bytes()))
			.bind("pub", java.nio.ByteBuffer.wrap(photo.publicJpeg()))
			.bind("by", uploadedBy == null ? "" : uploadedBy)
			.map(r -> r.get("id", UUID.class)).one()
			.flatMap(newId -> this.db.sql("INSERT INTO grading_job (photo_id, batch_id) VALUES (:id, :batch)")
				.bind("id", newId).bind("batch", batchId).fetch().rowsUpdated().thenReturn(newId))
			.switchIfEmpty(Mono.defer(() -> this.db
				.sql("SELECT id FROM grading_photo WHERE batch_id = :batch AND sha256 = :sha AND org_id = :org")
				.bind("batch", batchId).bind("sha", photo.sha256()).bind("org", orgId)
				.map(r -> r.get("id", UUID.class)).one()));
		return insert.as(this.tx::transactional);
	}

	/**
	 * Claims up to {@code claimSize} ready jobs (queued and due, or running with an expired lease).
	 * @param owner the claiming worker's name
	 * @return the claimed jobs with their photos
	 */
	public Flux<Job> claim(String owner) {
		return this.db.sql("""
				WITH ready AS (
				    SELECT photo_id FROM grading_job
				    WHERE (state = 'queued' AND available_at <= now()) OR (state = 'running' AND leased_until < now())
				    ORDER BY available_at
				    LIMIT :n
				    FOR UPDATE SKIP LOCKED
				), claimed AS (
				    UPDATE grading_job j SET state = 'running', attempts = j.attempts + 1, lease_owner = :owner,
				        leased_until = now() + make_interval(secs => :lease), updated_at = now()
				    FROM ready WHERE j.photo_id = ready.photo_id
				    RETURNING j.photo_id, j.attempts
				)
				SELECT c.photo_id, c.attempts, p.org_id, p.batch_id, p.product, p.sha256, p.bytes
				FROM claimed c JOIN grading_photo p ON p.id = c.photo_id""")
			.bind("n", this.settings.claimSize()).bind("owner", owner)
			.bind("lease", (double) this.settings.lease().toMillis() / 1000)
			.map(r -> new Job(r.get("photo_id", UUID.class), r.get("org_id", UUID.class), r.get("batch_id", UUID.class),
					r.get("product", String.class), r.get("sha256", String.class), bytes(r, "bytes"),
					r.get("attempts", Integer.class)))
			.all();
	}

	/**
	 * Records a verdict and closes the job, in one transaction; a verdict is stored once per photo,
	 * whatever happens to leases.
	 * @return whether this call stored the verdict
	 */
	public Mono<Boolean> complete(Job job, GradeResult result, String owner) {
		String probabilities = JSON.writeValueAsString(result.probabilities());
		Mono<Boolean> work = this.db.sql("""
				INSERT INTO grading_unit_verdict (photo_id, org_id, batch_id, label, confidence, probabilities,
				    model_version, photo_sha256, needs_review, review_reasons)
				VALUES (:photo, :org, :batch, :label, :conf, CAST(:p AS jsonb), :model, :sha, :nr, :reasons)
				ON CONFLICT (photo_id) DO NOTHING""")
			.bind("photo", job.photoId()).bind("org", job.orgId()).bind("batch", job.batchId())
			.bind("label", result.label()).bind("conf", result.confidence()).bind("p", probabilities)
			.bind("model", result.modelVersion()).bind("sha", job.sha256())
			.bind("nr", result.needsReview()).bind("reasons", result.reviewReasons().toArray(String[]::new))
			.fetch().rowsUpdated()
			.flatMap(inserted -> this.db.sql("""
					UPDATE grading_job SET state = 'done', leased_until = NULL, last_error = NULL, updated_at = now()
					WHERE photo_id = :photo""").bind("photo", job.photoId()).fetch().rowsUpdated()
				.thenReturn(inserted > 0));
		return work.as(this.tx::transactional);
	}

	/**
	 * Gives a job back after a failure: parked with the reason when the photo is poison or attempts are
	 * spent, else queued again after an exponential backoff.
	 */
	public Mono<Void> fail(Job job, String reason, boolean poison) {
		boolean park = poison || job.attempts() >= this.settings.maxAttempts();
		long backoffMs = this.settings.baseBackoff().toMillis() * (1L << Math.min(16, Math.max(0, job.attempts() - 1)));
		String sql = park ? """
				UPDATE grading_job SET state = 'parked', leased_until = NULL, last_error = :reason, updated_at = now()
				WHERE photo_id = :photo AND state <> 'done'"""
				: """
						UPDATE grading_job SET state = 'queued', leased_until = NULL, lease_owner = NULL, last_error = :reason,
						    available_at = now() + make_interval(secs => :backoff), updated_at = now()
						WHERE photo_id = :photo AND state <> 'done'""";
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql).bind("photo", job.photoId())
			.bind("reason", reason == null ? "unknown" : reason.substring(0, Math.min(1000, reason.length())));
		if (!park) {
			spec = spec.bind("backoff", backoffMs / 1000.0);
		}
		return spec.fetch().rowsUpdated().then();
	}

	/**
	 * Decides the batch's grade when no photo of it is waiting, unless the current grade already covers
	 * exactly these verdicts. Serialised per batch by an advisory lock.
	 * @return the new grade, or empty
	 */
	public Mono<StoredGrade> gradeBatchIfDrained(UUID orgId, UUID batchId, GradingPolicy policy) {
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
	private static BatchGrade photosWaiting(BatchGrade g, List<StoredVerdict> verdicts) {
		return verdicts.stream().anyMatch(StoredVerdict::waitsForReview) ? g.withReason("photos-need-review") : g;
	}

	private Mono<StoredGrade> insertGrade(UUID orgId, UUID batchId, String grade, boolean needsReview,
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

	private static final String GRADE_COLUMNS = """
			SELECT g.id, g.org_id, g.batch_id, g.grade, g.needs_review, g.reasons, g.sample_size, g.defective_share,
			    g.policy_version, g.model_version, g.photo_ids, g.photo_sha256, g.overrides, g.reviewed_by,
			    g.created_at, e.event_id, g.certainty,
			    (SELECT r.reviewer FROM grading_review r WHERE r.grade_id = g.id AND r.action = 'confirm'
			     ORDER BY r.created_at DESC, r.id LIMIT 1) AS confirmed_by
			FROM grading_batch_grade g LEFT JOIN grading_grade_event e ON e.grade_id = g.id\s""";

	/** @return one grade of the organisation */
	public Mono<StoredGrade> grade(UUID orgId, UUID gradeId) {
		return this.db.sql(GRADE_COLUMNS + " WHERE g.id = :id AND g.org_id = :org").bind("id", gradeId)
			.bind("org", orgId).map(GradingStore::gradeRow).one();
	}

	/**
	 * The current grade of each of some batches of the organisation, for lists.
	 * @return one grade per batch that has one
	 */
	public Flux<StoredGrade> currentGrades(UUID orgId, java.util.Collection<UUID> batchIds) {
		if (batchIds.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql(GRADE_COLUMNS + " " + """
				 WHERE g.org_id = :org AND g.batch_id = ANY(:ids)
				   AND g.seq = (SELECT max(g2.seq) FROM grading_batch_grade g2 WHERE g2.batch_id = g.batch_id)""")
			.bind("org", orgId).bind("ids", batchIds.toArray(UUID[]::new)).map(GradingStore::gradeRow).all();
	}

	/** @return the newest grade of a batch of the organisation */
	public Mono<StoredGrade> currentGrade(UUID orgId, UUID batchId) {
		return this.db.sql(GRADE_COLUMNS + " WHERE g.batch_id = :b AND g.org_id = :org ORDER BY g.seq DESC LIMIT 1")
			.bind("b", batchId).bind("org", orgId).map(GradingStore::gradeRow).one();
	}

	/** @return every grade of a batch, oldest first */
	public Flux<StoredGrade> gradeHistory(UUID orgId, UUID batchId) {
		return this.db.sql(GRADE_COLUMNS + " WHERE g.batch_id = :b AND g.org_id = :org ORDER BY g.seq")
			.bind("b", batchId).bind("org", orgId).map(GradingStore::gradeRow).all();
	}

	/** @return grades (of any organisation) whose EPCIS event is not recorded yet, oldest first */
	public Flux<StoredGrade> gradesWithoutEvent(int limit) {
		return this.db.sql(GRADE_COLUMNS + " WHERE e.event_id IS NULL ORDER BY g.seq LIMIT :n").bind("n", limit)
			.map(GradingStore::gradeRow).all();
	}

	/** Notes that a grade's EPCIS event is recorded (idempotent). */
	public Mono<Void> markRecorded(UUID gradeId, String eventId) {
		return this.db.sql("""
				INSERT INTO grading_grade_event (grade_id, event_id) VALUES (:g, :e) ON CONFLICT (grade_id) DO NOTHING""")
			.bind("g", gradeId).bind("e", eventId).fetch().rowsUpdated().then();
	}

	/** @return unit verdicts of a batch, with the latest reviewer label, in upload order */
	public Flux<StoredVerdict> verdicts(UUID orgId, UUID batchId) {
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
					r.get("label", String.class), r.get("confidence", Double.class), probabilities(r.get("p", String.class)),
					r.get("model_version", String.class), r.get("photo_sha256", String.class),
					r.get("reviewed", String.class), instant(r, "created_at"),
					Boolean.TRUE.equals(r.get("needs_review", Boolean.class)), list(r.get("review_reasons", String[].class))))
			.all();
	}

	/**
	 * Queue state of a batch's photos: counts by state.
	 * @return state to count
	 */
	public Mono<Map<String, Long>> queueState(UUID orgId, UUID batchId) {
		return this.db.sql("""
				SELECT j.state, count(*) AS n FROM grading_job j JOIN grading_photo p ON p.id = j.photo_id
				WHERE j.batch_id = :b AND p.org_id = :org GROUP BY j.state""")
			.bind("b", batchId).bind("org", orgId)
			.map(r -> Map.entry(r.get("state", String.class), r.get("n", Long.class))).all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
	}

	/** @return the parked jobs of a batch with their reasons (photo id to reason) */
	public Mono<Map<UUID, String>> parked(UUID orgId, UUID batchId) {
		return this.db.sql("""
				SELECT j.photo_id, j.last_error FROM grading_job j JOIN grading_photo p ON p.id = j.photo_id
				WHERE j.batch_id = :b AND p.org_id = :org AND j.state = 'parked'""")
			.bind("b", batchId).bind("org", orgId)
			.map(r -> Map.entry(r.get("photo_id", UUID.class), String.valueOf(r.get("last_error", String.class)))).all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
	}

	/**
	 * The public copy of a photo, only when its batch has been graded.
	 * @return the EXIF-stripped JPEG bytes, or empty
	 */
	public Mono<byte[]> publicPhoto(UUID photoId) {
		return this.db.sql("""
				SELECT p.public_bytes FROM grading_photo p
				WHERE p.id = :id AND EXISTS (SELECT 1 FROM grading_batch_grade g WHERE g.batch_id = p.batch_id
				    AND :id = ANY (g.photo_ids))""")
			.bind("id", photoId).map(r -> bytes(r, "public_bytes")).one();
	}

	/**
	 * Appends a review of a unit verdict; an override re-grades the batch (a new grade row pointing at the
	 * current one, with the reviewer's name).
	 * @return the new grade when one was made
	 */
	public Mono<StoredGrade> reviewUnit(UUID orgId, UUID photoId, boolean override, String label, String reason,
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
		return currentGrade(orgId, batchId).flatMap(current -> verdicts(orgId, batchId).collectList().flatMap(vs -> {
			BatchGrade g = policy.grade(vs.stream()
				.map(v -> v.reviewedLabel() != null ? UnitVerdict.reviewed(v.reviewedLabel())
						: UnitVerdict.ofProbabilities(v.probabilities()))
				.toList());
			BatchGrade regraded = photosWaiting(g, vs);
			return insertGrade(orgId, batchId, regraded.grade().name(), regraded.needsReview(), regraded.reasons(),
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
	public Mono<StoredGrade> reviewBatch(UUID orgId, UUID gradeId, boolean override, GradeClass grade, String reason,
			String reviewer) {
		Mono<StoredGrade> work = grade(orgId, gradeId)
			.switchIfEmpty(Mono.error(new GradingException(GradingException.Kind.NOT_FOUND, "grade-not-found",
					"No grade " + gradeId)))
			.flatMap(g -> insertReview(orgId, g.batchId(), "batch", null, gradeId, override, null,
					grade == null ? null : grade.name(), reason, reviewer)
				.then(insertGrade(orgId, g.batchId(), override ? grade.name() : g.grade(), false, List.of(),
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
	public Flux<StoredGrade> reviewQueue(UUID orgId, int limit) {
		return this.db.sql(GRADE_COLUMNS + " " + """
				 WHERE g.org_id = :org AND g.needs_review
				   AND g.seq = (SELECT max(g2.seq) FROM grading_batch_grade g2 WHERE g2.batch_id = g.batch_id)
				   AND NOT EXISTS (SELECT 1 FROM grading_review r WHERE r.grade_id = g.id)
				 ORDER BY g.seq LIMIT :n""")
			.bind("org", orgId).bind("n", limit).map(GradingStore::gradeRow).all();
	}

	/**
	 * Reviews of an organisation, newest first.
	 * @return rows as maps (id, batchId, target, photoId, gradeId, action, label, grade, reason, reviewer, createdAt)
	 */
	public Flux<Map<String, Object>> reviews(UUID orgId, int limit) {
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
				m.put("createdAt", instant(r, "created_at"));
				return m;
			}).all();
	}

	/**
	 * Reviewed photos of an organisation for a research export: public copy and the label that counts.
	 * @return photo id, label, public JPEG bytes
	 */
	public Flux<ReviewedPhoto> reviewedPhotos(UUID orgId) {
		return this.db.sql("""
				SELECT p.id, p.public_bytes, p.product, v.label AS model_label,
				    (SELECT r.label FROM grading_review r WHERE r.photo_id = p.id AND r.action = 'override'
				     ORDER BY r.created_at DESC, r.id LIMIT 1) AS reviewed
				FROM grading_photo p JOIN grading_unit_verdict v ON v.photo_id = p.id
				WHERE p.org_id = :org AND EXISTS (SELECT 1 FROM grading_review r WHERE r.photo_id = p.id)
				ORDER BY p.created_at, p.id""")
			.bind("org", orgId)
			.map(r -> new ReviewedPhoto(r.get("id", UUID.class), r.get("product", String.class),
					r.get("reviewed", String.class) != null ? r.get("reviewed", String.class)
							: r.get("model_label", String.class),
					bytes(r, "public_bytes")))
			.all();
	}

	/**
	 * A reviewed photo for export.
	 *
	 * @param photoId the photo
	 * @param product its product
	 * @param label the confirmed or corrected label
	 * @param publicJpeg the EXIF-stripped copy
	 */
	public record ReviewedPhoto(UUID photoId, String product, String label, byte[] publicJpeg) {
	}

	static StoredGrade gradeRow(Readable r) {
		return new StoredGrade(r.get("id", UUID.class), r.get("org_id", UUID.class), r.get("batch_id", UUID.class),
				r.get("grade", String.class), Boolean.TRUE.equals(r.get("needs_review", Boolean.class)),
				list(r.get("reasons", String[].class)), r.get("sample_size", Integer.class),
				r.get("defective_share", Double.class), r.get("policy_version", String.class),
				r.get("model_version", String.class), list(r.get("photo_ids", UUID[].class)),
				list(r.get("photo_sha256", String[].class)), r.get("overrides", UUID.class),
				r.get("reviewed_by", String.class), instant(r, "created_at"), r.get("event_id", String.class),
				r.get("certainty", Double.class), r.get("confirmed_by", String.class));
	}

	private static <T> List<T> list(T[] a) {
		return a == null ? List.of() : new ArrayList<>(Arrays.asList(a));
	}

	static Instant instant(Readable r, String column) {
		java.time.OffsetDateTime t = r.get(column, java.time.OffsetDateTime.class);
		return t == null ? null : t.toInstant();
	}

	static byte[] bytes(Readable r, String column) {
		java.nio.ByteBuffer b = r.get(column, java.nio.ByteBuffer.class);
		if (b == null) {
			return new byte[0];
		}
		byte[] out = new byte[b.remaining()];
		b.get(out);
		return out;
	}

	static Map<String, Double> probabilities(String json) {
		return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Double>>() {
		});
	}

	/** Unused helper kept for symmetry with leases in tests. */
	static double seconds(Duration d) {
		return d.toMillis() / 1000.0;
	}

}
