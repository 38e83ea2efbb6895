package vn.nguon.grading.queue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import vn.nguon.grading.model.GradeResult;
import vn.nguon.grading.photo.CheckedPhoto;

/**
 * The photo queue: a photo and its job stored in one transaction, jobs claimed with
 * {@code FOR UPDATE SKIP LOCKED} and a lease, a verdict recorded once per photo, retries with backoff or
 * poison photos parked, and the queue's state per batch.
 */
final class JobQueue {

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	private final QueueSettings settings;

	JobQueue(DatabaseClient db, TransactionalOperator tx, QueueSettings settings) {
		this.db = db;
		this.tx = tx;
		this.settings = settings;
	}

	/**
	 * Stores a checked photo and queues it, in one transaction. The same photo sent twice to a batch is
	 * stored once (the existing id is returned).
	 * @return the photo id
	 */
	Mono<UUID> savePhoto(UUID orgId, UUID batchId, String product, CheckedPhoto photo, String uploadedBy) {
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
	Flux<Job> claim(String owner) {
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
					r.get("product", String.class), r.get("sha256", String.class), GradingRows.bytes(r, "bytes"),
					r.get("attempts", Integer.class)))
			.all();
	}

	/**
	 * Records a verdict and closes the job, in one transaction; a verdict is stored once per photo,
	 * whatever happens to leases.
	 * @return whether this call stored the verdict
	 */
	Mono<Boolean> complete(Job job, GradeResult result, String owner) {
		String probabilities = GradingRows.JSON.writeValueAsString(result.probabilities());
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
	Mono<Void> fail(Job job, String reason, boolean poison) {
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
	 * Queue state of a batch's photos: counts by state.
	 * @return state to count
	 */
	Mono<Map<String, Long>> queueState(UUID orgId, UUID batchId) {
		return this.db.sql("""
				SELECT j.state, count(*) AS n FROM grading_job j JOIN grading_photo p ON p.id = j.photo_id
				WHERE j.batch_id = :b AND p.org_id = :org GROUP BY j.state""")
			.bind("b", batchId).bind("org", orgId)
			.map(r -> Map.entry(r.get("state", String.class), r.get("n", Long.class))).all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
	}

	/** @return the parked jobs of a batch with their reasons (photo id to reason) */
	Mono<Map<UUID, String>> parked(UUID orgId, UUID batchId) {
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
	Mono<byte[]> publicPhoto(UUID photoId) {
		return this.db.sql("""
				SELECT p.public_bytes FROM grading_photo p
				WHERE p.id = :id AND EXISTS (SELECT 1 FROM grading_batch_grade g WHERE g.batch_id = p.batch_id
				    AND :id = ANY (g.photo_ids))""")
			.bind("id", photoId).map(r -> GradingRows.bytes(r, "public_bytes")).one();
	}

}
