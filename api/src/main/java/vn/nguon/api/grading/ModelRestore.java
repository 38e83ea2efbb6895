package vn.nguon.api.grading;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import vn.nguon.grading.lifecycle.ModelLifecycle;

/** Starts the restore of the models ({@link ModelLifecycle#restore()}) once the application is ready. */
@Component
class ModelRestore {

	private final ModelLifecycle lifecycle;

	ModelRestore(ModelLifecycle lifecycle) {
		this.lifecycle = lifecycle;
	}

	@EventListener(ApplicationReadyEvent.class)
	void restoreModels() {
		this.lifecycle.restore().subscribe();
	}

}
