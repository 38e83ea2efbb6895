package vn.nguon.grading.queue;

import java.time.Instant;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The model registry table: every model version with its metrics, where it came from and which one is
 * active per product (at most one).
 */
public class ModelRecords {

	/**
	 * One registered model.
	 *
	 * @param version model version
	 * @param product product it grades
	 * @param metricsJson its evaluation metrics as JSON
	 * @param source {@code shipped} or {@code retrained}
	 * @param active whether it grades now
	 * @param createdAt when registered
	 * @param promotedAt when last made active, may be {@code null}
	 */
	public record ModelRecord(String version, String product, String metricsJson, String source, boolean active,
			Instant createdAt, Instant promotedAt) {
	}

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	public ModelRecords(DatabaseClient db, TransactionalOperator tx) {
		this.db = db;
		this.tx = tx;
	}

	/**
	 * Registers a model (idempotent); it becomes active when its product has no active model.
	 * @return the record
	 */
	public Mono<ModelRecord> register(String version, String product, String metricsJson, String source) {
		Mono<ModelRecord> work = this.db.sql("""
				INSERT INTO grading_model (version, product, metrics, source, active, promoted_at)
				SELECT :v, :p, CAST(:m AS jsonb), :s, NOT EXISTS (SELECT 1 FROM grading_model WHERE product = :p AND active),
				    CASE WHEN EXISTS (SELECT 1 FROM grading_model WHERE product = :p AND active) THEN NULL ELSE now() END
				ON CONFLICT (version) DO NOTHING""")
			.bind("v", version).bind("p", product).bind("m", metricsJson).bind("s", source)
			.fetch().rowsUpdated()
			.then(find(version));
		return work.as(this.tx::transactional);
	}

	/** @return one model, or empty */
	public Mono<ModelRecord> find(String version) {
		return this.db.sql("SELECT version, product, CAST(metrics AS text) AS m, source, active, created_at, promoted_at "
				+ "FROM grading_model WHERE version = :v")
			.bind("v", version).map(r -> new ModelRecord(r.get("version", String.class), r.get("product", String.class),
					r.get("m", String.class), r.get("source", String.class), Boolean.TRUE.equals(r.get("active", Boolean.class)),
					GradingRows.instant(r, "created_at"), GradingRows.instant(r, "promoted_at")))
			.one();
	}

	/** @return every model, newest first */
	public Flux<ModelRecord> all() {
		return this.db.sql("SELECT version, product, CAST(metrics AS text) AS m, source, active, created_at, promoted_at "
				+ "FROM grading_model ORDER BY created_at DESC, version")
			.map(r -> new ModelRecord(r.get("version", String.class), r.get("product", String.class),
					r.get("m", String.class), r.get("source", String.class), Boolean.TRUE.equals(r.get("active", Boolean.class)),
					GradingRows.instant(r, "created_at"), GradingRows.instant(r, "promoted_at")))
			.all();
	}

	/** @return the active model of a product, or empty */
	public Mono<ModelRecord> active(String product) {
		return all().filter(m -> m.active() && m.product().equals(product)).next();
	}

	/** Makes a version the active one of its product. */
	public Mono<ModelRecord> activate(String version) {
		Mono<ModelRecord> work = find(version).flatMap(m -> this.db
			.sql("UPDATE grading_model SET active = false WHERE product = :p AND active AND version <> :v")
			.bind("p", m.product()).bind("v", version).fetch().rowsUpdated()
			.then(this.db.sql("UPDATE grading_model SET active = true, promoted_at = now() WHERE version = :v")
				.bind("v", version).fetch().rowsUpdated())
			.then(find(version)));
		return work.as(this.tx::transactional);
	}

}
