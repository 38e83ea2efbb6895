package vn.nguon.traceability.subscription;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.organisation.OrgId;

/**
 * Named queries, subscriptions, dead letters and recall alerts of one organisation at a time:
 * every method takes the owner and never shows another organisation's rows.
 */
@Repository
public class SubscriptionStore {

	private static final TypeReference<Map<String, List<String>>> PARAMS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
	};

	private static final String SUBSCRIPTION_COLUMNS = "id, org_id, query_name, dest, stream, schedule::text AS schedule,"
			+ " report_if_empty, signature_token IS NOT NULL AS signed, cursor_seq, attempts, next_attempt_at,"
			+ " last_error, last_delivered_at, created_at";

	private final DatabaseClient db;

	private final JsonMapper json;

	public SubscriptionStore(DatabaseClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * @param org owner
	 * @param name query name
	 * @param params checked parameters
	 * @return the saved query
	 * @throws TraceabilityException {@code subscription-query-exists} (conflict) when the name is taken
	 */
	public Mono<NamedQuery> createQuery(OrgId org, String name, Map<String, List<String>> params) {
		NamedQuery q = new NamedQuery(org, name, params, Instant.now());
		return this.db.sql("INSERT INTO named_query (org_id, name, params) VALUES ($1, $2, $3) RETURNING created_at")
			.bind(0, org.value())
			.bind(1, name)
			.bind(2, Json.of(this.json.writeValueAsString(q.params())))
			.map(row -> new NamedQuery(org, name, q.params(), row.get("created_at", OffsetDateTime.class).toInstant()))
			.one()
			.onErrorMap(DuplicateKeyException.class, ex -> TraceabilityException.conflict("subscription-query-exists",
					"A query named '" + name + "' already exists.", name));
	}

	public Flux<NamedQuery> queries(OrgId org) {
		return this.db.sql("SELECT name, params::text AS params, created_at FROM named_query WHERE org_id = $1 ORDER BY name")
			.bind(0, org.value())
			.map(row -> query(org, row))
			.all();
	}

	/** @return the query, or a {@code subscription-no-such-query} not-found error */
	public Mono<NamedQuery> query(OrgId org, String name) {
		return this.db.sql("SELECT name, params::text AS params, created_at FROM named_query WHERE org_id = $1 AND name = $2")
			.bind(0, org.value())
			.bind(1, name)
			.map(row -> query(org, row))
			.one()
			.switchIfEmpty(Mono.error(() -> noSuchQuery(name)));
	}

	/** Deletes a query and its subscriptions. */
	public Mono<Void> deleteQuery(OrgId org, String name) {
		return this.db.sql("DELETE FROM named_query WHERE org_id = $1 AND name = $2")
			.bind(0, org.value())
			.bind(1, name)
			.fetch()
			.rowsUpdated()
			.flatMap(n -> n == 0 ? Mono.error(noSuchQuery(name)) : Mono.empty());
	}

	/**
	 * @param org owner
	 * @param queryName an existing query of the owner
	 * @param s what to deliver where (dest already checked)
	 * @param cursorSeq events up to this seq are not delivered (the tail's safe horizon now)
	 * @return the subscription
	 */
	public Mono<Subscription> subscribe(OrgId org, String queryName, NewSubscription s, long cursorSeq) {
		UUID id = UUID.randomUUID();
		Instant first = s.stream() ? Instant.now() : s.schedule().next(Instant.now());
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				INSERT INTO subscription (id, org_id, query_name, dest, stream, schedule, report_if_empty,
					signature_token, cursor_seq, alert_cursor, next_attempt_at)
				SELECT $1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9,
					coalesce((SELECT max(id) FROM recall_alert WHERE org_id = $2), 0), $10""")
			.bind(0, id)
			.bind(1, org.value())
			.bind(2, queryName)
			.bind(3, s.dest())
			.bind(4, s.stream());
		spec = s.schedule() == null ? spec.bindNull(5, String.class)
				: spec.bind(5, this.json.writeValueAsString(s.schedule().fields()));
		spec = spec.bind(6, s.reportIfEmpty());
		spec = s.signatureToken() == null ? spec.bindNull(7, String.class) : spec.bind(7, s.signatureToken());
		return query(org, queryName)
			.then(spec.bind(8, cursorSeq).bind(9, OffsetDateTime.ofInstant(first, java.time.ZoneOffset.UTC)).then())
			.then(subscription(org, queryName, id));
	}

	public Flux<Subscription> subscriptions(OrgId org, String queryName) {
		return query(org, queryName).thenMany(this.db
			.sql("SELECT " + SUBSCRIPTION_COLUMNS + " FROM subscription WHERE org_id = $1 AND query_name = $2 ORDER BY created_at")
			.bind(0, org.value())
			.bind(1, queryName)
			.map(this::subscription)
			.all());
	}

	/** @return the subscription, or a {@code subscription-no-such-subscription} not-found error */
	public Mono<Subscription> subscription(OrgId org, String queryName, UUID id) {
		return this.db
			.sql("SELECT " + SUBSCRIPTION_COLUMNS + " FROM subscription WHERE org_id = $1 AND query_name = $2 AND id = $3")
			.bind(0, org.value())
			.bind(1, queryName)
			.bind(2, id)
			.map(this::subscription)
			.one()
			.switchIfEmpty(Mono.error(() -> noSuchSubscription(id.toString())));
	}

	public Mono<Void> unsubscribe(OrgId org, String queryName, UUID id) {
		return this.db.sql("DELETE FROM subscription WHERE org_id = $1 AND query_name = $2 AND id = $3")
			.bind(0, org.value())
			.bind(1, queryName)
			.bind(2, id)
			.fetch()
			.rowsUpdated()
			.flatMap(n -> n == 0 ? Mono.error(noSuchSubscription(id.toString())) : Mono.empty());
	}

	/** @return the organisation's dead letters, newest first */
	public Flux<DeadLetter> deadLetters(OrgId org) {
		return this.db.sql("""
				SELECT d.id, d.subscription_id, s.query_name, d.first_seq, d.last_seq, d.event_count, d.attempts,
					d.last_error, d.created_at, d.replayed_at
				FROM subscription_dead_letter d JOIN subscription s ON s.id = d.subscription_id
				WHERE d.org_id = $1 ORDER BY d.created_at DESC LIMIT 1000""")
			.bind(0, org.value())
			.map(row -> new DeadLetter(row.get("id", UUID.class), row.get("subscription_id", UUID.class),
					row.get("query_name", String.class), row.get("first_seq", Long.class), row.get("last_seq", Long.class),
					row.get("event_count", Integer.class), row.get("attempts", Integer.class),
					row.get("last_error", String.class), instant(row, "created_at"), instant(row, "replayed_at")))
			.all();
	}

	/** @return the organisation's recall alerts, newest first */
	public Flux<RecallAlert> alerts(OrgId org, int limit) {
		return this.db.sql("SELECT id, lot_key, recalled_key, recall_event_id, created_at FROM recall_alert"
				+ " WHERE org_id = $1 ORDER BY id DESC LIMIT $2")
			.bind(0, org.value())
			.bind(1, limit)
			.map(row -> new RecallAlert(row.get("id", Long.class), row.get("lot_key", String.class),
					row.get("recalled_key", String.class), row.get("recall_event_id", String.class),
					instant(row, "created_at")))
			.all();
	}

	private NamedQuery query(OrgId org, Readable row) {
		return new NamedQuery(org, row.get("name", String.class), this.json.readValue(row.get("params", String.class), PARAMS),
				instant(row, "created_at"));
	}

	private Subscription subscription(Readable row) {
		String schedule = row.get("schedule", String.class);
		return new Subscription(row.get("id", UUID.class), OrgId.of(row.get("org_id", UUID.class)),
				row.get("query_name", String.class), row.get("dest", String.class), row.get("stream", Boolean.class),
				schedule == null ? null : new Schedule(this.json.readValue(schedule, FIELDS)),
				row.get("report_if_empty", Boolean.class), row.get("signed", Boolean.class),
				row.get("cursor_seq", Long.class), row.get("attempts", Integer.class), instant(row, "next_attempt_at"),
				row.get("last_error", String.class), instant(row, "last_delivered_at"), instant(row, "created_at"));
	}

	static Instant instant(Readable row, String column) {
		OffsetDateTime t = row.get(column, OffsetDateTime.class);
		return t == null ? null : t.toInstant();
	}

	static TraceabilityException noSuchQuery(String name) {
		return TraceabilityException.notFound("subscription-no-such-query", "No query named '" + name + "'.", name);
	}

	static TraceabilityException noSuchSubscription(String id) {
		return TraceabilityException.notFound("subscription-no-such-subscription", "No subscription " + id + ".", id);
	}

	static Map<String, List<String>> copy(Map<String, List<String>> params) {
		return new LinkedHashMap<>(params);
	}

}
