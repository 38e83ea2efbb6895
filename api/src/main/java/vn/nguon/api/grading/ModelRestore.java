package vn.nguon.api.grading;

import java.time.Duration;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

import vn.nguon.grading.lifecycle.ModelLifecycle;

/**
 * Starts the restore of the models ({@link ModelLifecycle#restore()}) once the application is ready, then
 * keeps this instance on the models the registry marks active ({@link ModelLifecycle#sync()}, every
 * {@code nguon.grading.model-sync-interval}, 10 s by default), so a promotion or rollback made through
 * another replica reaches this one within that time.
 */
@Component
class ModelRestore {

	private final ModelLifecycle lifecycle;

	private final Duration interval;

	private volatile Disposable sync;

	ModelRestore(ModelLifecycle lifecycle, @Value("${nguon.grading.model-sync-interval:10s}") Duration interval) {
		this.lifecycle = lifecycle;
		this.interval = interval;
	}

	@EventListener(ApplicationReadyEvent.class)
	void restoreModels() {
		this.sync = this.lifecycle.restore()
			.thenMany(Flux.interval(this.interval).onBackpressureDrop().concatMap(tick -> this.lifecycle.sync(), 1))
			.subscribe();
	}

	@PreDestroy
	void stop() {
		Disposable d = this.sync;
		if (d != null) {
			d.dispose();
		}
	}

}
