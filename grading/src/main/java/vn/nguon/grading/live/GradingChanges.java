package vn.nguon.grading.live;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;

/**
 * Hears every write to grading's verdicts, grades and reviews, from this instance and all others, and
 * hands them to any number of subscribers. One dedicated connection per application (taken past the
 * pool, so it never holds a pooled slot) runs {@code LISTEN nguon_grading}; the {@code V31} trigger
 * notifies on commit. The connection is probed now and then; when it drops it is opened again with
 * exponential backoff (1 s up to 30 s), and a {@link GradingChange#resync() resync} is sent since
 * changes may have been missed meanwhile. Nothing is replayed: {@link #changes()} is a hot stream
 * without history, and a subscriber too slow to take a change loses it (never the others). Nothing
 * here blocks: notifications arrive on the driver's event loop and are only parsed and passed on.
 */
public class GradingChanges implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GradingChanges.class);

	/** The channel the trigger notifies. */
	public static final String CHANNEL = "nguon_grading";

	private final ConnectionFactory connections;

	private final Duration probeInterval;

	private final String applicationName = "nguon-grading-listen-" + UUID.randomUUID().toString().substring(0, 8);

	private volatile Sinks.Many<GradingChange> sink = Sinks.many().multicast().directBestEffort();

	private volatile Disposable listener;

	private volatile boolean listening;

	private volatile boolean completed;

	/**
	 * @param connections the application's connection factory (a pool is looked through: the listening
	 * connection is a connection of its own)
	 * @param probeInterval how often the idle listening connection is checked
	 */
	public GradingChanges(ConnectionFactory connections, Duration probeInterval) {
		this.connections = dedicated(connections);
		this.probeInterval = probeInterval;
	}

	/**
	 * @return every change from now on, until this listener stops (then the stream completes); changes of
	 * every organisation: filter by {@link GradingChange#orgId()}
	 */
	public Flux<GradingChange> changes() {
		return Flux.defer(() -> this.sink.asFlux());
	}

	/** @return whether the listening connection is up now */
	public boolean isListening() {
		return this.listening;
	}

	/** @return the {@code application_name} of the listening session (to find it in {@code pg_stat_activity}) */
	public String applicationName() {
		return this.applicationName;
	}

	@Override
	public synchronized void start() {
		if (this.listener != null) {
			return;
		}
		if (this.completed) {
			// started again after a stop: the old stream is complete, a new one begins
			this.sink = Sinks.many().multicast().directBestEffort();
			this.completed = false;
		}
		AtomicBoolean first = new AtomicBoolean(true);
		this.listener = listen().subscribe(change -> {
			// every (re)connection starts with a resync; only the ones after a loss go out
			if (change.kind() != GradingChange.Kind.RESYNC || !first.getAndSet(false)) {
				emit(change);
			}
		}, ex -> log.error("Listening on {} gave up: {}", CHANNEL, ex.toString()));
	}

	@Override
	public synchronized void stop() {
		Disposable d = this.listener;
		this.listener = null;
		if (d != null) {
			d.dispose();
		}
		this.listening = false;
		synchronized (this.sink) {
			this.sink.tryEmitComplete();
		}
		this.completed = true;
	}

	@Override
	public boolean isRunning() {
		return this.listener != null;
	}

	private void emit(GradingChange change) {
		Sinks.Many<GradingChange> s = this.sink;
		synchronized (s) {
			s.tryEmitNext(change); // no subscriber or a slow one: dropped for it alone
		}
	}

	private Flux<GradingChange> listen() {
		return Flux.usingWhen(Mono.defer(() -> Mono.from(this.connections.create())), this::listenOn,
				GradingChanges::close)
			.doOnError(ex -> this.listening = false)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
				.maxBackoff(Duration.ofSeconds(30))
				.transientErrors(true)
				.doBeforeRetry(s -> log.warn("LISTEN {} connection lost, reconnecting: {}", CHANNEL,
						s.failure().toString())));
	}

	private Flux<GradingChange> listenOn(Connection c) {
		PostgresqlConnection pg = unwrap(c);
		// subscribed before LISTEN runs, so nothing between the two is lost
		Flux<GradingChange> notifications = pg.getNotifications()
			.filter(n -> CHANNEL.equals(n.getName()))
			.flatMap(GradingChanges::parse)
			.concatWith(Mono.error(() -> new IllegalStateException("LISTEN connection closed")));
		Mono<GradingChange> ready = execute(pg, "SET application_name = '" + this.applicationName + "'")
			.then(execute(pg, "LISTEN " + CHANNEL))
			.then(Mono.fromCallable(() -> {
				this.listening = true;
				log.info("Listening on {} for grading changes", CHANNEL);
				return GradingChange.resync();
			}));
		// an idle connection can die silently (a lost peer sends no FIN): ask it something now and then
		Flux<GradingChange> probe = Flux.interval(this.probeInterval)
			.concatMap(t -> Mono.from(pg.validate(ValidationDepth.REMOTE))
				.timeout(Duration.ofSeconds(10))
				.flatMap(valid -> valid ? Mono.<GradingChange>empty()
						: Mono.error(new IllegalStateException("LISTEN connection is no longer valid"))));
		return Flux.merge(notifications, ready, probe);
	}

	private static Mono<Void> execute(PostgresqlConnection pg, String sql) {
		return pg.createStatement(sql).execute().flatMap(Result::getRowsUpdated).then();
	}

	private static Mono<GradingChange> parse(Notification n) {
		try {
			return Mono.just(GradingChange.parse(n.getParameter()));
		}
		catch (IllegalArgumentException ex) {
			log.warn("Ignored notification on {}: {}", CHANNEL, ex.getMessage());
			return Mono.empty();
		}
	}

	private static Mono<Void> close(Connection c) {
		return Mono.from(c.close()).timeout(Duration.ofSeconds(5)).onErrorResume(ex -> Mono.empty());
	}

	/** The factory under any pool: the listening connection must be one nobody else borrows. */
	static ConnectionFactory dedicated(ConnectionFactory factory) {
		ConnectionFactory f = factory;
		for (int i = 0; i < 5 && f instanceof Wrapped<?> w && w.unwrap() instanceof ConnectionFactory inner; i++) {
			f = inner;
		}
		return f;
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

}
