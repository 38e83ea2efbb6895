package vn.nguon.traceability.label;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import vn.nguon.traceability.organisation.OrgId;

/**
 * Rows of {@code label_job}. A job still "running" whose heartbeat is older than
 * {@code nguon.labels.stale-after} (its replica died or restarted) is marked failed when read;
 * expired jobs are never found and are deleted as new jobs are created.
 */
@Repository
public class LabelJobRepository {

	/** Reported as the error of a job whose replica stopped running it. */
	public static final String INTERRUPTED = "interrupted: the instance running it stopped";

	private static final String COLUMNS = "id, org_id, state, done, total, created_at, finished_at, error";

	private final DatabaseClient db;

	private final Duration staleAfter;

	public LabelJobRepository(DatabaseClient db, @Value("${nguon.labels.stale-after:2m}") Duration staleAfter) {
		this.db = db;
		this.staleAfter = staleAfter;
	}

	/**
	 * Stores a new running job (and deletes some expired ones).
	 * @param orgId organisation
	 * @param total labels in the job
	 * @param keepFor how long the job and its PDF are kept
	 * @return the job
	 */
	public Mono<LabelJob> create(OrgId orgId, int total, Duration keepFor) {
		Mono<Long> sweep = this.db.sql("DELETE FROM label_job WHERE id IN (SELECT id FROM label_job"
				+ " WHERE expires_at < now() LIMIT 100)").fetch().rowsUpdated();
		return sweep.then(this.db.sql("INSERT INTO label_job (id, org_id, total, expires_at)"
				+ " VALUES (:id, :org, :total, now() + CAST(:keep AS double precision) * interval '1 second') RETURNING " + COLUMNS)
			.bind("id", UUID.randomUUID())
			.bind("org", orgId.value())
			.bind("total", total)
			.bind("keep", keepFor.toSeconds())
			.map(LabelJobRepository::job)
			.one());
	}

	/** Records progress of a running job, and that its runner is alive. */
	public Mono<Void> progress(UUID id, int done) {
		return this.db.sql("UPDATE label_job SET done = :done, heartbeat_at = now() WHERE id = :id AND state = 'running'")
			.bind("id", id)
			.bind("done", done)
			.then();
	}

	/** Stores the finished job's PDF. */
	public Mono<Void> finish(UUID id, byte[] pdf) {
		return this.db.sql("UPDATE label_job SET state = 'done', done = total, pdf = :pdf, finished_at = now(),"
				+ " heartbeat_at = now() WHERE id = :id")
			.bind("id", id)
			.bind("pdf", pdf)
			.then();
	}

	/** Marks the job failed. */
	public Mono<Void> fail(UUID id, String error) {
		return this.db.sql("UPDATE label_job SET state = 'failed', error = :error, finished_at = now() WHERE id = :id")
			.bind("id", id)
			.bind("error", error == null ? "failed" : error)
			.then();
	}

	/** @return the organisation's unexpired job (a stale running one is marked failed first) */
	public Mono<LabelJob> find(OrgId orgId, UUID id) {
		Mono<Long> markStale = this.db.sql("UPDATE label_job SET state = 'failed', error = :error, finished_at = now()"
				+ " WHERE id = :id AND state = 'running' AND heartbeat_at < now() - CAST(:stale AS double precision) * interval '1 millisecond'")
			.bind("id", id)
			.bind("error", INTERRUPTED)
			.bind("stale", this.staleAfter.toMillis())
			.fetch()
			.rowsUpdated();
		return markStale.then(this.db.sql("SELECT " + COLUMNS + " FROM label_job"
				+ " WHERE id = :id AND org_id = :org AND expires_at > now()")
			.bind("id", id)
			.bind("org", orgId.value())
			.map(LabelJobRepository::job)
			.one());
	}

	/** @return the PDF of the organisation's finished, unexpired job */
	public Mono<byte[]> pdf(OrgId orgId, UUID id) {
		return this.db.sql("SELECT pdf FROM label_job WHERE id = :id AND org_id = :org AND state = 'done'"
				+ " AND expires_at > now() AND pdf IS NOT NULL")
			.bind("id", id)
			.bind("org", orgId.value())
			.map(row -> row.get("pdf", byte[].class))
			.one();
	}

	private static LabelJob job(Readable row) {
		return new LabelJob(row.get("id", UUID.class), OrgId.of(row.get("org_id", UUID.class)),
				row.get("state", String.class), row.get("done", Integer.class), row.get("total", Integer.class),
				instant(row, "created_at"), instant(row, "finished_at"), row.get("error", String.class));
	}

	private static Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

}
