package vn.nguon.grading.live;

import java.time.Duration;

import io.r2dbc.spi.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.context.SmartLifecycle;

import vn.nguon.listen.PostgresListener;

/**
 * Hears every write to grading's verdicts, grades and reviews, from this instance and all others, and
 * hands them to any number of subscribers. {@link PostgresListener} (one dedicated connection, probed,
 * opened again with backoff when it drops) runs {@code LISTEN nguon_grading}; the {@code V31} trigger
 * notifies on commit. After a reconnection a {@link GradingChange#resync() resync} is sent, since
 * changes may have been missed meanwhile. Nothing is replayed: {@link #changes()} is a hot stream
 * without history, and a subscriber too slow to take a change loses it (never the others). Nothing
 * here blocks: notifications arrive on the driver's event loop and are only parsed and passed on.
 */
public class GradingChanges implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GradingChanges.class);

	/** The channel the trigger notifies. */
	public static final String CHANNEL = "nguon_grading";

	private final PostgresListener listener;

	private volatile Sinks.Many<GradingChange> sink = Sinks.many().multicast().directBestEffort();

	private volatile Disposable listening;

	private volatile boolean completed;

	/**
	 * @param connections the application's connection factory (a pool is looked through: the listening
	 * connection is a connection of its own)
	 * @param probeInterval how often the idle listening connection is checked
	 */
	public GradingChanges(ConnectionFactory connections, Duration probeInterval) {
		this.listener = new PostgresListener(connections, CHANNEL, probeInterval);
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
		return this.listening != null && this.listener.isListening();
	}

	/** @return the {@code application_name} of the listening session (to find it in {@code pg_stat_activity}) */
	public String applicationName() {
		return this.listener.applicationName();
	}

	@Override
	public synchronized void start() {
		if (this.listening != null) {
			return;
		}
		if (this.completed) {
			// started again after a stop: the old stream is complete, a new one begins
			this.sink = Sinks.many().multicast().directBestEffort();
			this.completed = false;
		}
		this.listening = listen().subscribe(this::emit,
				ex -> log.error("Listening on {} gave up: {}", CHANNEL, ex.toString()));
	}

	@Override
	public synchronized void stop() {
		Disposable d = this.listening;
		this.listening = null;
		if (d != null) {
			d.dispose();
		}
		synchronized (this.sink) {
			this.sink.tryEmitComplete();
		}
		this.completed = true;
	}

	@Override
	public boolean isRunning() {
		return this.listening != null;
	}

	private void emit(GradingChange change) {
		Sinks.Many<GradingChange> s = this.sink;
		synchronized (s) {
			s.tryEmitNext(change); // no subscriber or a slow one: dropped for it alone
		}
	}

	private Flux<GradingChange> listen() {
		return this.listener.events().concatMap(event -> {
			if (event instanceof PostgresListener.Message message) {
				return parse(message.payload());
			}
			// a reconnection may have missed changes: subscribers reload
			return ((PostgresListener.Ready) event).reconnected() ? Mono.just(GradingChange.resync()) : Mono.empty();
		});
	}

	private static Mono<GradingChange> parse(String payload) {
		try {
			return Mono.just(GradingChange.parse(payload));
		}
		catch (IllegalArgumentException ex) {
			log.warn("Ignored notification on {}: {}", CHANNEL, ex.getMessage());
			return Mono.empty();
		}
	}

}
