package vn.nguon.listen;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The one {@code LISTEN} loop of the service, for every channel it listens on. Each subscription to
 * {@link #events()} opens a connection of its own, past any pool (so it never holds a pooled slot and
 * nobody else borrows it), tags it with an {@code application_name} (to find it in
 * {@code pg_stat_activity}), subscribes to the driver's notifications <em>before</em> running
 * {@code LISTEN} (nothing sent in between is lost) and then reports {@link Ready}. An idle connection
 * can die silently (a lost peer sends no FIN), so it is asked something every probe interval; when it
 * fails, closes or does not answer within 10 s, it is opened again with exponential backoff (1 s up to
 * 30 s) and {@link Ready} comes again with {@code reconnected = true}: notifications may have been
 * missed meanwhile, and a listener should catch up from the database. Notifications arrive on the
 * driver's event loop: a listener must not block on them.
 */
public final class PostgresListener {

	private static final Logger log = LoggerFactory.getLogger(PostgresListener.class);

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	/** What a listener hears. */
	public sealed interface Event permits Ready, Message {
	}

	/**
	 * {@code LISTEN} is in place.
	 * @param reconnected false the first time, true after the connection was lost and opened again
	 */
	public record Ready(boolean reconnected) implements Event {
	}

	/**
	 * A notification on the channel.
	 * @param payload its payload (empty when none was sent)
	 */
	public record Message(String payload) implements Event {
	}

	private final ConnectionFactory connections;

	private final String channel;

	private final Duration probeInterval;

	private final String applicationName;

	private volatile boolean listening;

	/**
	 * @param connections the application's connection factory (pools are looked through)
	 * @param channel the channel, a plain lower-case identifier
	 * @param probeInterval how often the idle connection is checked
	 */
	public PostgresListener(ConnectionFactory connections, String channel, Duration probeInterval) {
		if (!IDENTIFIER.matcher(channel).matches()) {
			throw new IllegalArgumentException("not a plain channel name: " + channel);
		}
		this.connections = dedicated(connections);
		this.channel = channel;
		this.probeInterval = probeInterval;
		this.applicationName = "nguon-listen-" + channel.replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** @return the channel */
	public String channel() {
		return this.channel;
	}

	/** @return the {@code application_name} of the listening sessions */
	public String applicationName() {
		return this.applicationName;
	}

	/** @return whether a subscription's connection is listening now */
	public boolean isListening() {
		return this.listening;
	}

	/**
	 * @return {@link Ready}, then the channel's notifications, a new {@link Ready} after each reconnection;
	 * never completes (cancel to stop: the connection is closed)
	 */
	public Flux<Event> events() {
		return Flux.defer(() -> {
			AtomicBoolean first = new AtomicBoolean(true);
			return Flux.usingWhen(Mono.defer(() -> Mono.from(this.connections.create())), c -> listenOn(c, first),
					PostgresListener::close)
				.doOnError(ex -> this.listening = false)
				.doOnCancel(() -> this.listening = false)
				.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
					.maxBackoff(Duration.ofSeconds(30))
					.transientErrors(true)
					.doBeforeRetry(s -> log.warn("LISTEN {} connection lost, reconnecting: {}", this.channel,
							s.failure().toString())));
		});
	}

	private Flux<Event> listenOn(Connection c, AtomicBoolean first) {
		PostgresqlConnection pg = unwrap(c);
		// subscribed before LISTEN runs, so nothing between the two is lost
		Flux<Event> notifications = pg.getNotifications()
			.filter(n -> this.channel.equals(n.getName()))
			.map(n -> (Event) new Message(n.getParameter() == null ? "" : n.getParameter()))
			.concatWith(Mono.error(() -> new IllegalStateException("LISTEN connection closed")));
		Mono<Event> ready = execute(pg, "SET application_name = '" + this.applicationName + "'")
			.then(execute(pg, "LISTEN " + this.channel))
			.then(Mono.fromCallable(() -> {
				this.listening = true;
				log.info("Listening on {}", this.channel);
				return new Ready(!first.getAndSet(false));
			}));
		Flux<Event> probe = Flux.interval(this.probeInterval)
			.concatMap(t -> Mono.from(pg.validate(ValidationDepth.REMOTE))
				.timeout(Duration.ofSeconds(10))
				.flatMap(valid -> valid ? Mono.<Event>empty()
						: Mono.error(new IllegalStateException("LISTEN connection is no longer valid"))));
		return Flux.merge(notifications, ready, probe);
	}

	private static Mono<Void> execute(PostgresqlConnection pg, String sql) {
		return pg.createStatement(sql).execute().flatMap(Result::getRowsUpdated).then();
	}

	private static Mono<Void> close(Connection c) {
		return Mono.from(c.close()).timeout(Duration.ofSeconds(5)).onErrorResume(ex -> Mono.empty());
	}

	/** @return the factory under any pool: the listening connection must be one nobody else borrows */
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
