package vn.nguon.grading.lifecycle;

import java.time.Duration;

import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;

import vn.nguon.listen.PostgresListener;

/**
 * The announcements of the {@code V48} trigger: a model became the active one of its product, committed
 * by any instance. Heard on {@value #CHANNEL} through {@link PostgresListener} (a dedicated connection,
 * probed, opened again with backoff).
 */
public final class ModelAnnouncements {

	/** The channel the trigger notifies (payload: the product). */
	public static final String CHANNEL = "nguon_grading_model";

	private final PostgresListener listener;

	/**
	 * @param connections the application's connection factory (the listening connection is one of its own)
	 * @param probeInterval how often the idle listening connection is checked
	 */
	public ModelAnnouncements(ConnectionFactory connections, Duration probeInterval) {
		this.listener = new PostgresListener(connections, CHANNEL, probeInterval);
	}

	/**
	 * @return a signal each time {@code LISTEN} is (again) in place, when announcements may have been missed,
	 * and one per announcement; never completes (cancel to stop listening)
	 */
	public Flux<Object> signals() {
		return this.listener.events().cast(Object.class);
	}

	/** @return whether the listening connection is up now */
	public boolean isListening() {
		return this.listener.isListening();
	}

}
