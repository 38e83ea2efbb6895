package vn.nguon.grading.queue;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import vn.nguon.grading.model.GradeResult;
import vn.nguon.grading.photo.CheckedPhoto;
import vn.nguon.grading.policy.GradeClass;
import vn.nguon.grading.policy.GradingPolicy;

/**
 * Grading's own tables, the one public entry to them. The work is done by package-private parts along
 * the seams of the data: the photo and job queue ({@link JobQueue}), batch grades and their reads
 * ({@link GradeDecisions}), reviews by people ({@link Reviews}) and the outbox of grades whose EPCIS event
 * is still to be recorded ({@link GradeOutbox}). Every read is scoped by organisation. Each verdict,
 * grade and review row written is announced on commit by a trigger ({@code NOTIFY nguon_grading},
 * migration {@code V31}), heard by {@link vn.nguon.grading.live.GradingChanges}.
 */
public class GradingStore {

	private final QueueSettings settings;

	private final JobQueue queue;

	private final GradeDecisions decisions;

	private final Reviews reviews;

	private final GradeOutbox outbox;

	public GradingStore(DatabaseClient db, TransactionalOperator tx, QueueSettings settings) {
		this.settings = settings;
		this.queue = new JobQueue(db, tx, settings);
		this.decisions = new GradeDecisions(db, tx);
		this.reviews = new Reviews(db, tx, this.decisions);
		this.outbox = new GradeOutbox(db);
	}

	/** @return the queue settings */
	public QueueSettings settings() {
		return this.settings;
	}

	// ---- photos and jobs

	/**
	 * Stores a checked photo and queues it, in one transaction; the same photo sent twice to a batch is
	 * stored once.
	 * @return the photo id (the existing one for a repeat)
	 */
	public Mono<UUID> savePhoto(UUID orgId, UUID batchId, String product, CheckedPhoto photo, String uploadedBy) {
		return this.queue.savePhoto(orgId, batchId, product, photo, uploadedBy);
	}

	/**
	 * Claims ready jobs (queued and due, or running with an expired lease), at most the claim size.
	 * @param owner the claiming worker's name
	 * @return the claimed jobs with their photos
	 */
	public Flux<Job> claim(String owner) {
		return this.queue.claim(owner);
	}

	/** @return whether this call stored the verdict (a verdict is stored once per photo) */
	public Mono<Boolean> complete(Job job, GradeResult result, String owner) {
		return this.queue.complete(job, result, owner);
	}

	/** Gives a job back after a failure: parked when poison or out of attempts, else queued after a backoff. */
	public Mono<Void> fail(Job job, String reason, boolean poison) {
		return this.queue.fail(job, reason, poison);
	}

	/** @return counts of a batch's jobs by state */
	public Mono<Map<String, Long>> queueState(UUID orgId, UUID batchId) {
		return this.queue.queueState(orgId, batchId);
	}

	/** @return the parked jobs of a batch with their reasons (photo id to reason) */
	public Mono<Map<UUID, String>> parked(UUID orgId, UUID batchId) {
		return this.queue.parked(orgId, batchId);
	}

	/** @return the EXIF-stripped public copy of a photo, only once its batch is graded; or empty */
	public Mono<byte[]> publicPhoto(UUID photoId) {
		return this.queue.publicPhoto(photoId);
	}

	// ---- grades

	/**
	 * Decides the batch's grade when no photo of it is waiting, unless the current grade already covers
	 * exactly these verdicts.
	 * @return the new grade, or empty
	 */
	public Mono<StoredGrade> gradeBatchIfDrained(UUID orgId, UUID batchId, GradingPolicy policy) {
		return this.decisions.gradeBatchIfDrained(orgId, batchId, policy);
	}

	/** @return one grade of the organisation */
	public Mono<StoredGrade> grade(UUID orgId, UUID gradeId) {
		return this.decisions.grade(orgId, gradeId);
	}

	/** @return the current grade of each of some batches of the organisation that has one */
	public Flux<StoredGrade> currentGrades(UUID orgId, Collection<UUID> batchIds) {
		return this.decisions.currentGrades(orgId, batchIds);
	}

	/** @return the newest grade of a batch of the organisation */
	public Mono<StoredGrade> currentGrade(UUID orgId, UUID batchId) {
		return this.decisions.currentGrade(orgId, batchId);
	}

	/** @return every grade of a batch, oldest first */
	public Flux<StoredGrade> gradeHistory(UUID orgId, UUID batchId) {
		return this.decisions.gradeHistory(orgId, batchId);
	}

	/** @return unit verdicts of a batch, with the latest reviewer label, in upload order */
	public Flux<StoredVerdict> verdicts(UUID orgId, UUID batchId) {
		return this.decisions.verdicts(orgId, batchId);
	}

	// ---- the outbox of EPCIS events

	/** @return grades (of any organisation) whose EPCIS event is not recorded yet, oldest first */
	public Flux<StoredGrade> gradesWithoutEvent(int limit) {
		return this.outbox.gradesWithoutEvent(limit);
	}

	/** Notes that a grade's EPCIS event is recorded (idempotent). */
	public Mono<Void> markRecorded(UUID gradeId, String eventId) {
		return this.outbox.markRecorded(gradeId, eventId);
	}

	// ---- reviews

	/**
	 * Appends a review of a unit verdict; an override re-grades the batch.
	 * @return the new grade when one was made
	 */
	public Mono<StoredGrade> reviewUnit(UUID orgId, UUID photoId, boolean override, String label, String reason,
			String reviewer, GradingPolicy policy) {
		return this.reviews.reviewUnit(orgId, photoId, override, label, reason, reviewer, policy);
	}

	/**
	 * Appends a review of a batch grade and records the grade the reviewer stands behind.
	 * @return the new grade
	 */
	public Mono<StoredGrade> reviewBatch(UUID orgId, UUID gradeId, boolean override, GradeClass grade, String reason,
			String reviewer) {
		return this.reviews.reviewBatch(orgId, gradeId, override, grade, reason, reviewer);
	}

	/** @return current batch grades that need review and were not reviewed since, oldest first */
	public Flux<StoredGrade> reviewQueue(UUID orgId, int limit) {
		return this.reviews.reviewQueue(orgId, limit);
	}

	/** @return reviews of an organisation, newest first, as maps */
	public Flux<Map<String, Object>> reviews(UUID orgId, int limit) {
		return this.reviews.reviews(orgId, limit);
	}

	/** @return reviewed photos of an organisation for a research export */
	public Flux<ReviewedPhoto> reviewedPhotos(UUID orgId) {
		return this.reviews.reviewedPhotos(orgId);
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

}
