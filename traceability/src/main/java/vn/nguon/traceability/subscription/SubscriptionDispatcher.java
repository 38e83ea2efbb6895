package vn.nguon.traceability.subscription;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import vn.nguon.listen.PostgresListener;
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
 * <p>
 * The parts: {@link Leases} (claiming and giving back subscriptions), {@link WebhookPoster} (one signed
 * post), {@link DeadLetters} (retries, dead letters, replay) and {@link RecallWatcher}; this class runs the
 * pass, builds the documents and owns the lifecycle and the {@code LISTEN} connection.
 * <p>
 * Over 300 lines: the delivery pass and its lifecycle (LISTEN, horizon, leases held while posting) are one
 * loop; leases, posting, dead letters and the recall watcher live apart.
 */
@Service
public class SubscriptionDispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionDispatcher.class);

	/** The channel the capture trigger notifies. */
	static final String CHANNEL = "nguon_epcis_event";

	private final DatabaseClient db;

	private final ConnectionFactory connections;

	private final PostgresListener notifications;

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

	private final RecallWatcher recalls;

	private final WebhookPoster poster;

	private final Leases leases;

	private final DeadLetters deadLetters;

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
		this.notifications = new PostgresListener(connections, CHANNEL, Duration.ofSeconds(30));
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
		this.recalls = new RecallWatcher(db, this.tx);
		this.poster = new WebhookPoster(sender, destinations, settings);
		this.leases = new Leases(db, settings, json, instanceId);
		this.deadLetters = new DeadLetters(db, settings, this.leases, this.poster);
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
		// every notification, and every reconnection (notifications may have been missed), asks for a pass
		this.listener = this.notifications.events().subscribe(event -> wakeUp());
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

	/** One pass: advance the horizon, raise recall alerts, deliver every due subscription. */
	Mono<Boolean> pass() {
		return this.horizon.advance().flatMap(h -> {
			this.horizons.tryEmitNext(h);
			return watchRecalls(h).then(this.leases.claim().flatMap(s -> deliver(s, h).onErrorResume(ex -> {
				log.warn("Delivery of subscription {} failed: {}", s.id(), ex.toString());
				return this.leases.release(s).thenReturn(false);
			}), 8).reduce(false, (a, b) -> a || b));
		});
	}

	/**
	 * Recall alerts: for each new event with disposition {@code recalled} (up to the horizon, one
	 * instance at a time), every organisation other than the recalling one that captured an event
	 * naming the recalled lot or a lot downstream of it gets an alert row per lot ({@link RecallWatcher}).
	 */
	Mono<Void> watchRecalls(long h) {
		return this.recalls.watch(h);
	}

	/** @return whether more work is waiting for this subscription right away */
	private Mono<Boolean> deliver(Leases.Claimed s, long h) {
		Mono<Boolean> alerts = s.stream() ? deliverAlerts(s) : Mono.just(false);
		return alerts.flatMap(alertSent -> {
			if (alertSent) {
				return Mono.just(true); // events next pass, alerts first
			}
			EventQuery q = this.compiler.compile(s.params(), this.settings.batchSize());
			return this.queries.tail(s.org(), q, s.cursor(), h).collectList().flatMap(events -> {
				boolean full = events.size() == this.settings.batchSize();
				Instant next = (s.stream() || full) ? Instant.now() : s.schedule().next(Instant.now());
				if (events.isEmpty() && (s.stream() || !s.reportIfEmpty())) {
					return this.leases.done(s, s.cursor(), s.alertCursor(), next, false).thenReturn(false);
				}
				long last = events.isEmpty() ? s.cursor() : events.get(events.size() - 1).seq();
				ObjectNode doc = this.documents.document(s.queryName(), s.id().toString(), events);
				byte[] body = this.documents.bytes(doc);
				return this.poster.post(s.dest(), s.token(), body).flatMap(error -> {
					if (error.isEmpty()) {
						return this.leases.done(s, last, s.alertCursor(), next, true).thenReturn(full);
					}
					Long first = events.isEmpty() ? null : events.get(0).seq();
					return this.deadLetters.failed(s, body, first, events.isEmpty() ? null : last, events.size(), last, s.alertCursor(),
							error, next).thenReturn(false);
				});
			});
		});
	}

	/** Posts the organisation's new recall alerts; @return whether there were any (sent or failed). */
	private Mono<Boolean> deliverAlerts(Leases.Claimed s) {
		return this.db.sql("""
				SELECT a.id, a.lot_key, a.recalled_key, e.seq, e.event_id, e.org_id, e.record_time, e.doc::text AS doc
				FROM recall_alert a JOIN epcis_event e ON e.seq = a.recall_seq
				WHERE a.org_id = $1 AND a.id > $2 ORDER BY a.id LIMIT 100""")
			.bind(0, s.org().value())
			.bind(1, s.alertCursor())
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
				ObjectNode doc = this.documents.document("RecallAlert", s.id().toString(), new ArrayList<>(events.values()));
				((ObjectNode) doc.get("epcisBody").get("queryResults")).set("nguon:recallAlerts", alerts);
				ArrayNode context = (ArrayNode) doc.get("@context");
				context.addObject().put("nguon", "https://ns.nguon.vn/epcis/");
				byte[] body = this.documents.bytes(doc);
				return this.poster.post(s.dest(), s.token(), body).flatMap(error -> error.isEmpty()
						? this.leases.done(s, s.cursor(), lastAlert, Instant.now(), true)
						: this.deadLetters.failed(s, body, null, null, events.size(), s.cursor(), lastAlert, error, Instant.now()))
					.thenReturn(true);
			});
	}

	/**
	 * Sends a dead letter again, exactly as stored, to its subscription's destination (signed
	 * anew with the subscription's token).
	 * @param org the caller's organisation
	 * @param id the dead letter
	 * @return empty string when the receiver answered 2xx (the letter is marked replayed), else the failure
	 */
	public Mono<String> replay(OrgId org, UUID id) {
		return this.deadLetters.replay(org, id);
	}

}
