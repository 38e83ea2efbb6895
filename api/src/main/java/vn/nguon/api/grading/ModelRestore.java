package vn.nguon.api.grading;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

import vn.nguon.grading.lifecycle.ActiveModelFollower;
import vn.nguon.grading.lifecycle.ModelAnnouncements;
import vn.nguon.grading.lifecycle.ModelLifecycle;

/**
 * Once the application is ready, restores the models and keeps this instance on the ones the registry
 * marks active ({@link ActiveModelFollower}): a promotion or switch back made through another replica is
 * heard at once, and the registry is read every {@code nguon.grading.model-sync-interval} (60 s by
 * default) in case an announcement was missed.
 */
@Component
class ModelRestore {

	private final ActiveModelFollower follower;

	ModelRestore(ModelLifecycle lifecycle, ModelAnnouncements announcements,
			@Value("${nguon.grading.model-sync-interval:60s}") Duration interval) {
		this.follower = new ActiveModelFollower(lifecycle, announcements, interval);
	}

	@EventListener(ApplicationReadyEvent.class)
	void restoreModels() {
		this.follower.start();
	}

	@PreDestroy
	void stop() {
		this.follower.close();
	}

}
