package vn.nguon.traceability.subscription;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Wrapped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import vn.nguon.traceability.event.EventQueries;
import vn.nguon.traceability.event.EventQuery;
import vn.nguon.traceability.event.StoredEvent;
import vn.nguon.traceability.organisation.OrgId;

/**
 * Delivers subscriptions: tails {@code epcis_event} by seq up to the {@link SeqHorizon safe
 * horizon}, and for each due subscription posts the matching events after its cursor, in seq
 * order, as one signed EPCISQueryDocument per batch. The cursor moves only when the receiver
 * answered 2xx (at-least-once: a batch can arrive twice, never out of order, never skipped);
 * a failure is retried with exponential backoff, and after {@code maxAttempts} the batch goes to
 * the dead letters and the cursor moves past it. All state is in PostgreSQL, so another instance
 * or a restarted one resumes where delivery stopped. Instances share the work by leasing
 * subscriptions ({@code FOR UPDATE SKIP LOCKED}). Woken by {@code LISTEN nguon_epcis_event} on a
 * dedicated connection (a trigger notifies on every capture) and by a periodic poll. The same
 * pass raises recall alerts (see {@link #watchRecalls}).
 */
@Service
public class SubscriptionDispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionDispatcher.class);

	private static final TypeReference<Map<String, List<String>>> PARAMS = new TypeReference<>() {
	};

	/** The channel the capture trigger notifies. */
	static final String CHANNEL = "nguon_epcis_event";

	private final DatabaseClient db;

	private final ConnectionFactory connections;

	private final TransactionalOperator tx;

	private final EventQueries queries;

	private final NamedQueryCompiler compiler;

	private final WebhookSender sender;

	private final Destinations destinations;

	private final QueryDocuments documents;

	private final SubscriptionSettings settings;

	private final JsonMapper json;

	private final ReactiveTransactionManager tm;

	private final String instanceId;

	private final SeqHorizon horizon;

	private final Sinks.Many<Boolean> wake = Sinks.many().multicast().directBestEffort();

	private final Sinks.Many<Long> horizons = Sinks.many().replay().latest();

	private volatile Disposable loop;

	private volatile Disposable listener;

	@Autowired
	public SubscriptionDispatcher(DatabaseClient db, ConnectionFactory connections, ReactiveTransactionManager tm,
			EventQueries queries, NamedQueryCompiler compiler, WebhookSender sender, Destinations destinations,
			QueryDocuments documents, SubscriptionSettings settings, JsonMapper json) {
		this(db, connections, tm, queries, compiler, sender, destinations, documents, settings, json,
				"dispatcher-" + UUID.randomUUID());
	}

	private SubscriptionDispatcher(DatabaseClient db, ConnectionFactory connections, ReactiveTransactionManager tm,
			EventQueries queries, NamedQueryCompiler compiler, WebhookSender sender, Destinations destinations,
			QueryDocuments documents, SubscriptionSettings settings, JsonMapper json, String instanceId) {
		this.db = db;
		this.connections = connections;
		this.tm = tm;
		this.tx = TransactionalOperator.create(tm);
		this.queries = queries;
		this.compiler = compiler;
		this.sender = sender;
		this.destinations = destinations;
		this.documents = documents;
		this.settings = settings;
		this.json = json;
		this.instanceId = instanceId;
		this.horizon = new SeqHorizon(db, settings.gapGrace());
	}

	/**
	 * @param id an instance id
	 * @return another dispatcher over the same database, as a second application instance would
	 * run (not started)
	 */
	public SubscriptionDispatcher sibling(String id) {
		return new SubscriptionDispatcher(this.db, this.connections, this.tm, this.queries, this.compiler, this.sender,
				this.destinations, this.documents, this.settings, this.json, id);
	}

	/** @return the safe horizon of the tail now (every event up to it is final) */
	public Mono<Long> horizon() {
		return this.horizon.advance();
	}

	/** @return the safe horizon each time it moves (latest value first), for live streams */
	public Flux<Long> horizons() {
		return this.horizons.asFlux();
	}

	/** Asks for a delivery pass soon. */
	public void wakeUp() {
		synchronized (this.wake) {
			this.wake.tryEmitNext(Boolean.TRUE);
		}
	}

	@Override
	public synchronized void start() {
		if (this.loop != null) {
			return;
		}
		this.loop = Flux.merge(this.wake.asFlux(), Flux.interval(Duration.ZERO, this.settings.pollInterval()).map(t -> true))
			.onBackpressureLatest()
			.concatMap(x -> pass().onErrorResume(ex -> {
				log.warn("Subscription pass failed: {}", ex.toString());
				return Mono.just(false);
			}), 1)
			.subscribe(more -> {
				if (more) {
					wakeUp();
				}
			});
		this.listener = listen().subscribe();
		log.info("Subscription dispatcher {} started", this.instanceId);
	}

	@Override
	public synchronized void stop() {
		if (this.loop == null) {
			return;
		}
		this.loop.dispose();
		this.listener.dispose();
		this.loop = null;
		this.listener = null;
		this.db.sql("UPDATE subscription SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1")
			.bind(0, this.instanceId)
			.then()
			.block(Duration.ofSeconds(10));
		log.info("Subscription dispatcher {} stopped", this.instanceId);
	}

	@Override
	public boolean isRunning() {
		return this.loop != null;
	}

	@Override
	public boolean isAutoStartup() {
		return this.settings.enabled();
	}

	private Flux<Object> listen() {
		return Flux.usingWhen(this.connections.create(), c -> {
			PostgresqlConnection pg = unwrap(c);
			return pg.createStatement("LISTEN " + CHANNEL)
				.execute()
				.flatMap(r -> r.getRowsUpdated())
				.thenMany(pg.getNotifications())
				.map(n -> {
					wakeUp();
					return (Object) n;
				});
		}, Connection::close)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
				.doBeforeRetry(s -> log.warn("LISTEN connection lost, reconnecting: {}", s.failure().toString())));
	}

	private static PostgresqlConnection unwrap(Connection c) {
		Object o = c;
		for (int i = 0; i < 5 && !(o instanceof PostgresqlConnection) && o instanceof Wrapped<?> w; i++) {
			o = w.unwrap();
		}
		if (o instanceof PostgresqlConnection pg) {
			return pg;
		}
		throw new IllegalStateException("LISTEN needs a PostgreSQL R2DBC connection, not " + c.getClass());
	}

	/** One pass: advance the horizon, raise recall alerts, deliver every due subscription. */
	Mono<Boolean> pass() {
		return this.horizon.advance().flatMap(h -> {
			this.horizons.tryEmitNext(h);
			return watchRecalls(h).then(claim().flatMap(s -> deliver(s, h).onErrorResume(ex -> {
				log.warn("Delivery of subscription {} failed: {}", s.id, ex.toString());
				return release(s).thenReturn(false);
			}), 8).reduce(false, (a, b) -> a || b));
		});
	}

	/**
	 * Recall alerts: for each new event with disposition {@code recalled} (up to the horizon, one
	 * instance at a time), every organisation other than the recalling one that captured an event
	 * naming the recalled lot or a lot downstream of it (trace forward over the genealogy edges)
	 * gets an alert row per lot; stream subscriptions deliver them too.
	 */
	Mono<Void> watchRecalls(long h) {
		return this.db.sql("SELECT cursor_seq FROM recall_watch_state WHERE id = 1 FOR UPDATE SKIP LOCKED")
			.map(row -> row.get("cursor_seq", Long.class))
			.one()
			.filter(c -> c < h)
			.flatMap(c -> this.db.sql("""
					WITH RECURSIVE rec AS (
						SELECT e.seq, e.event_id, e.org_id, k.epc AS lot FROM epcis_event e
						JOIN epcis_event_epc k ON k.seq = e.seq
						WHERE e.disposition = 'recalled' AND e.seq > $1 AND e.seq <= $2
							AND k.role IN ('epc', 'qty') AND k.epc LIKE '01/%/10/%'
					), down(seq, event_id, org_id, recalled, lot, depth) AS (
						SELECT seq, event_id, org_id, lot, lot COLLATE "C", 0 FROM rec
						UNION
						SELECT d.seq, d.event_id, d.org_id, d.recalled, g.to_key, d.depth + 1
						FROM lot_edge g JOIN down d ON g.from_key = d.lot WHERE d.depth < 64
					)
					INSERT INTO recall_alert (org_id, lot_key, recalled_key, recall_seq, recall_event_id, recalling_org)
					SELECT DISTINCT h.org_id, d.lot, d.recalled, d.seq, d.event_id, d.org_id
					FROM down d JOIN epcis_event_epc h ON h.epc = d.lot
					WHERE h.org_id <> d.org_id
					ON CONFLICT DO NOTHING""")
				.bind(0, c)
				.bind(1, h)
				.then()
				.then(this.db.sql("UPDATE recall_watch_state SET cursor_seq = $1 WHERE id = 1").bind(0, h).then()))
			.as(this.tx::transactional);
	}

	/** A claimed subscription with what delivery needs. */
	private record Claimed(UUID id, OrgId org, String queryName, String dest, boolean stream, Schedule schedule,
			boolean reportIfEmpty, String token, long cursor, long alertCursor, int attempts,
			Map<String, List<String>> params) {
	}

	private Flux<Claimed> claim() {
		return this.db.sql("""
				UPDATE subscription s SET lease_owner = $1, lease_until = now() + make_interval(secs => $2)
				WHERE s.id IN (SELECT id FROM subscription WHERE next_attempt_at <= now()
					AND (lease_until IS NULL OR lease_until < now())
					ORDER BY next_attempt_at LIMIT 64 FOR UPDATE SKIP LOCKED)
				RETURNING s.id, s.org_id, s.query_name, s.dest, s.stream, s.schedule::text AS schedule, s.report_if_empty,
					s.signature_token, s.cursor_seq, s.alert_cursor, s.attempts,
					(SELECT q.params::text FROM named_query q WHERE q.org_id = s.org_id AND q.name = s.query_name) AS params""")
			.bind(0, this.instanceId)
			.bind(1, this.settings.lease().toMillis() / 1000.0)
			.map(this::claimed)
			.all();
	}

	private Claimed claimed(Readable row) {
		String schedule = row.get("schedule", String.class);
		return new Claimed(row.get("id", UUID.class), OrgId.of(row.get("org_id", UUID.class)),
				row.get("query_name", String.class), row.get("dest", String.class), row.get("stream", Boolean.class),
				schedule == null ? null : new Schedule(this.json.readValue(schedule, new TypeReference<Map<String, String>>() {
				})), row.get("report_if_empty", Boolean.class), row.get("signature_token", String.class),
				row.get("cursor_seq", Long.class), row.get("alert_cursor", Long.class), row.get("attempts", Integer.class),
				this.json.readValue(row.get("params", String.class), PARAMS));
	}

	/** @return whether more work is waiting for this subscription right away */
	private Mono<Boolean> deliver(Claimed s, long h) {
		Mono<Boolean> alerts = s.stream ? deliverAlerts(s) : Mono.just(false);
		return alerts.flatMap(alertSent -> {
			if (alertSent) {
				return Mono.just(true); // events next pass, alerts first
			}
			EventQuery q = this.compiler.compile(s.params, this.settings.batchSize());
			return this.queries.tail(s.org, q, s.cursor, h).collectList().flatMap(events -> {
				boolean full = events.size() == this.settings.batchSize();
				Instant next = (s.stream || full) ? Instant.now() : s.schedule.next(Instant.now());
				if (events.isEmpty() && (s.stream || !s.reportIfEmpty)) {
					return done(s, s.cursor, s.alertCursor, next, false).thenReturn(false);
				}
				long last = events.isEmpty() ? s.cursor : events.get(events.size() - 1).seq();
				ObjectNode doc = this.documents.document(s.queryName, s.id.toString(), events);
				byte[] body = this.documents.bytes(doc);
				return post(s.dest, s.token, body).flatMap(error -> {
					if (error.isEmpty()) {
						return done(s, last, s.alertCursor, next, true).thenReturn(full);
					}
					Long first = events.isEmpty() ? null : events.get(0).seq();
					return failed(s, body, first, events.isEmpty() ? null : last, events.size(), last, s.alertCursor,
							error, next).thenReturn(false);
				});
			});
		});
	}

	/** Posts the organisation's new recall alerts; @return whether there were any (sent or failed). */
	private Mono<Boolean> deliverAlerts(Claimed s) {
		return this.db.sql("""
				SELECT a.id, a.lot_key, a.recalled_key, e.seq, e.event_id, e.org_id, e.record_time, e.doc::text AS doc
				FROM recall_alert a JOIN epcis_event e ON e.seq = a.recall_seq
				WHERE a.org_id = $1 AND a.id > $2 ORDER BY a.id LIMIT 100""")
			.bind(0, s.org.value())
			.bind(1, s.alertCursor)
			.map(row -> {
				ObjectNode event = (ObjectNode) this.json.readTree(row.get("doc", String.class));
				Instant rt = row.get("record_time", OffsetDateTime.class).toInstant();
				event.put("recordTime", OffsetDateTime.ofInstant(rt, ZoneOffset.UTC).toString());
				return new Object[] { row.get("id", Long.class), row.get("lot_key", String.class),
						row.get("recalled_key", String.class), new StoredEvent(row.get("seq", Long.class),
								row.get("event_id", String.class), OrgId.of(row.get("org_id", UUID.class)), rt, event) };
			})
			.all()
			.collectList()
			.flatMap(rows -> {
				if (rows.isEmpty()) {
					return Mono.just(false);
				}
				Map<String, StoredEvent> events = new LinkedHashMap<>();
				ArrayNode alerts = this.json.createArrayNode();
				for (Object[] r : rows) {
					StoredEvent e = (StoredEvent) r[3];
					events.putIfAbsent(e.eventId(), e);
					alerts.addObject().put("lot", (String) r[1]).put("recalledLot", (String) r[2]).put("eventID", e.eventId());
				}
				long lastAlert = (Long) rows.get(rows.size() - 1)[0];
				ObjectNode doc = this.documents.document("RecallAlert", s.id.toString(), new ArrayList<>(events.values()));
				((ObjectNode) doc.get("epcisBody").get("queryResults")).set("nguon:recallAlerts", alerts);
				ArrayNode context = (ArrayNode) doc.get("@context");
				context.addObject().put("nguon", "https://ns.nguon.vn/epcis/");
				byte[] body = this.documents.bytes(doc);
				return post(s.dest, s.token, body).flatMap(error -> error.isEmpty()
						? done(s, s.cursor, lastAlert, Instant.now(), true)
						: failed(s, body, null, null, events.size(), s.cursor, lastAlert, error, Instant.now()))
					.thenReturn(true);
			});
	}

	/** @return empty when the receiver answered 2xx, else what went wrong */
	private Mono<String> post(String dest, String token, byte[] body) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/ld+json");
		headers.put("GS1-EPCIS-Version", "2.0");
		if (token != null) {
			headers.put(Signatures.HEADER, Signatures.sign(token, body));
		}
		return Mono.fromCallable(() -> this.destinations.check(dest))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((URI uri) -> this.sender.post(uri, body, headers))
			.timeout(this.settings.requestTimeout())
			.map(status -> status >= 200 && status < 300 ? "" : "HTTP " + status)
			.onErrorResume(ex -> Mono.just(ex.getClass().getSimpleName() + ": " + ex.getMessage()));
	}

	private Mono<Void> done(Claimed s, long cursor, long alertCursor, Instant next, boolean delivered) {
		return this.db.sql("""
				UPDATE subscription SET cursor_seq = $3, alert_cursor = $4, attempts = 0, next_attempt_at = $5,
					last_error = CASE WHEN $6 THEN NULL ELSE last_error END,
					last_delivered_at = CASE WHEN $6 THEN now() ELSE last_delivered_at END,
					lease_owner = NULL, lease_until = NULL
				WHERE id = $1 AND lease_owner = $2""")
			.bind(0, s.id)
			.bind(1, this.instanceId)
			.bind(2, cursor)
			.bind(3, alertCursor)
			.bind(4, OffsetDateTime.ofInstant(next, ZoneOffset.UTC))
			.bind(5, delivered)
			.then();
	}

	private Mono<Void> failed(Claimed s, byte[] body, Long firstSeq, Long lastSeq, int count, long cursorAfter,
			long alertCursorAfter, String error, Instant nextRun) {
		int attempts = s.attempts + 1;
		if (attempts < this.settings.maxAttempts()) {
			Instant retry = Instant.now().plus(this.settings.backoff(attempts));
			return this.db.sql("""
					UPDATE subscription SET attempts = $3, next_attempt_at = $4, last_error = $5,
						lease_owner = NULL, lease_until = NULL
					WHERE id = $1 AND lease_owner = $2""")
				.bind(0, s.id)
				.bind(1, this.instanceId)
				.bind(2, attempts)
				.bind(3, OffsetDateTime.ofInstant(retry, ZoneOffset.UTC))
				.bind(4, error)
				.then();
		}
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				WITH moved AS (
					UPDATE subscription SET cursor_seq = $3, alert_cursor = $4, attempts = 0, next_attempt_at = $5,
						last_error = $6, lease_owner = NULL, lease_until = NULL
					WHERE id = $1 AND lease_owner = $2
					RETURNING id, org_id
				)
				INSERT INTO subscription_dead_letter (id, subscription_id, org_id, body, first_seq, last_seq, event_count,
					attempts, last_error)
				SELECT $7, id, org_id, $8, $9, $10, $11, $12, $6 FROM moved""")
			.bind(0, s.id)
			.bind(1, this.instanceId)
			.bind(2, cursorAfter)
			.bind(3, alertCursorAfter)
			.bind(4, OffsetDateTime.ofInstant(nextRun, ZoneOffset.UTC))
			.bind(5, error)
			.bind(6, UUID.randomUUID())
			.bind(7, new String(body, StandardCharsets.UTF_8));
		spec = firstSeq == null ? spec.bindNull(8, Long.class) : spec.bind(8, firstSeq);
		spec = lastSeq == null ? spec.bindNull(9, Long.class) : spec.bind(9, lastSeq);
		return spec.bind(10, count).bind(11, attempts).then()
			.doOnSuccess(v -> log.warn("Subscription {} gave up a batch after {} attempts: {}", s.id, attempts, error));
	}

	private Mono<Void> release(Claimed s) {
		return this.db.sql("UPDATE subscription SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2")
			.bind(0, s.id)
			.bind(1, this.instanceId)
			.then();
	}

	/**
	 * Sends a dead letter again, exactly as stored, to its subscription's destination (signed
	 * anew with the subscription's token).
	 * @param org the caller's organisation
	 * @param id the dead letter
	 * @return empty string when the receiver answered 2xx (the letter is marked replayed), else the failure
	 */
	public Mono<String> replay(OrgId org, UUID id) {
		return this.db.sql("""
				SELECT d.body, s.dest, s.signature_token FROM subscription_dead_letter d
				JOIN subscription s ON s.id = d.subscription_id WHERE d.id = $1 AND d.org_id = $2""")
			.bind(0, id)
			.bind(1, org.value())
			.map(row -> new String[] { row.get("body", String.class), row.get("dest", String.class),
					row.get("signature_token", String.class) })
			.one()
			.switchIfEmpty(Mono.error(() -> vn.nguon.traceability.TraceabilityException.notFound(
					"subscription-no-such-dead-letter", "No dead letter " + id + ".", id.toString())))
			.flatMap(r -> post(r[1], r[2], r[0].getBytes(StandardCharsets.UTF_8)))
			.flatMap(error -> error.isEmpty()
					? this.db.sql("UPDATE subscription_dead_letter SET replayed_at = now() WHERE id = $1").bind(0, id).then()
						.thenReturn(error)
					: Mono.just(error));
	}

}
