package vn.nguon.grading.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Rows of {@code grading_retrain_job}. A job still "running" whose heartbeat is older than the stale
 * timeout (its replica died or restarted) is marked failed when read.
 */
public class RetrainJobs {

	/** Reported as the error of a job whose replica stopped running it. */
	public static final String INTERRUPTED = "interrupted: the instance running it stopped";

	private static final String COLUMNS = "id, org_id, status, progress, message, candidate_version, started_at,"
			+ " finished_at, error";

	private final DatabaseClient db;

	private final Duration staleAfter;

	public RetrainJobs(DatabaseClient db, Duration staleAfter) {
		this.db = db;
		this.staleAfter = staleAfter;
	}

	/** @return how long a running job may go without a heartbeat */
	public Duration staleAfter() {
		return this.staleAfter;
	}

	/** Stores a new running job. */
	public Mono<RetrainJob> create(UUID id, UUID orgId, String version, String message) {
		return this.db.sql("INSERT INTO grading_retrain_job (id, org_id, candidate_version, message)"
				+ " VALUES (:id, :org, :v, :m) RETURNING " + COLUMNS)
			.bind("id", id).bind("org", orgId).bind("v", version).bind("m", message)
			.map(RetrainJobs::job)
			.one();
	}

	/** Records progress of a running job, and that its runner is alive. */
	public Mono<Void> progress(UUID id, double progress, String message) {
		return this.db.sql("UPDATE grading_retrain_job SET progress = :p, message = :m, heartbeat_at = now()"
				+ " WHERE id = :id AND status = 'running'")
			.bind("id", id).bind("p", clamp(progress)).bind("m", message == null ? "" : message)
			.then();
	}

	/** Marks the job done. */
	public Mono<Void> finish(UUID id, String message) {
		return this.db.sql("UPDATE grading_retrain_job SET status = 'done', progress = 1, message = :m,"
				+ " finished_at = now(), heartbeat_at = now() WHERE id = :id")
			.bind("id", id).bind("m", message == null ? "" : message)
			.then();
	}

	/** Marks the job failed. */
	public Mono<Void> fail(UUID id, String error) {
		String e = error == null ? "failed" : error;
		return this.db.sql("UPDATE grading_retrain_job SET status = 'failed', progress = 1, message = :e, error = :e,"
				+ " finished_at = now() WHERE id = :id")
			.bind("id", id).bind("e", e)
			.then();
	}

	/** @return the organisation's job (a stale running one is marked failed first), or empty */
	public Mono<RetrainJob> find(UUID orgId, UUID id) {
		Mono<Long> markStale = this.db.sql("UPDATE grading_retrain_job SET status = 'failed', progress = 1,"
				+ " message = :e, error = :e, finished_at = now() WHERE id = :id AND status = 'running'"
				+ " AND heartbeat_at < now() - CAST(:stale AS double precision) * interval '1 millisecond'")
			.bind("id", id).bind("e", INTERRUPTED).bind("stale", this.staleAfter.toMillis())
			.fetch().rowsUpdated();
		return markStale.then(this.db.sql("SELECT " + COLUMNS + " FROM grading_retrain_job WHERE id = :id AND org_id = :org")
			.bind("id", id).bind("org", orgId)
			.map(RetrainJobs::job)
			.one());
	}

	private static double clamp(double progress) {
		return Double.isNaN(progress) ? 0 : Math.max(0, Math.min(1, progress));
	}

	private static RetrainJob job(Readable r) {
		return new RetrainJob(r.get("id", UUID.class), r.get("org_id", UUID.class), r.get("status", String.class),
				r.get("progress", Double.class), r.get("message", String.class), r.get("candidate_version", String.class),
				instant(r, "started_at"), instant(r, "finished_at"), r.get("error", String.class));
	}

	private static Instant instant(Readable r, String column) {
		OffsetDateTime value = r.get(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

}
