package vn.nguon.grading.lifecycle;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps this instance on the models the registry marks active, whichever replica promoted or switched
 * them back: {@link ModelLifecycle#sync()} each time a model is announced active
 * ({@link ModelAnnouncements}, within a fraction of a second of the commit), each time the listening
 * connection is in place again (announcements may have been missed meanwhile) and, as a safety net,
 * every {@code interval}. Signals arriving while a sync runs are folded into one more sync after it.
 */
public final class ActiveModelFollower implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ActiveModelFollower.class);

	private final ModelLifecycle lifecycle;

	private final ModelAnnouncements announcements;

	private final Duration interval;

	private volatile Disposable following;

	/**
	 * @param lifecycle the lifecycle to keep in step
	 * @param announcements the registry's announcements
	 * @param interval how often the registry is read when nothing was announced
	 */
	public ActiveModelFollower(ModelLifecycle lifecycle, ModelAnnouncements announcements, Duration interval) {
		this.lifecycle = lifecycle;
		this.announcements = announcements;
		this.interval = interval;
	}

	/** At start-up: restores the models ({@link ModelLifecycle#restore()}), then follows the registry. */
	public void start() {
		begin(this.lifecycle.restore());
	}

	/** Follows the registry from now on, the models being in place already. */
	public void follow() {
		begin(Mono.empty());
	}

	private synchronized void begin(Mono<Void> first) {
		if (this.following != null) {
			return;
		}
		Flux<Object> signals = Flux.merge(this.announcements.signals(), Flux.interval(this.interval));
		this.following = first
			.thenMany(signals.onBackpressureLatest().concatMap(signal -> this.lifecycle.sync(), 1))
			.subscribe(switched -> {
			}, ex -> log.error("Following the model registry gave up: {}", ex.toString()));
	}

	/** @return whether announcements are being heard now */
	public boolean isListening() {
		return this.following != null && this.announcements.isListening();
	}

	@Override
	public synchronized void close() {
		Disposable d = this.following;
		this.following = null;
		if (d != null) {
			d.dispose();
		}
	}

}
