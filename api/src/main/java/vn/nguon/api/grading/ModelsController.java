package vn.nguon.api.grading;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import vn.nguon.api.security.Actor;
import vn.nguon.api.security.Actors;
import vn.nguon.grading.lifecycle.ModelLifecycle;
import vn.nguon.grading.lifecycle.ModelLifecycle.ModelStatus;
import vn.nguon.grading.lifecycle.RetrainJob;
import vn.nguon.grading.queue.ModelRecords.ModelRecord;

/**
 * HTTP for the model lifecycle ({@link ModelLifecycle}): the registry, retraining jobs and their progress,
 * promotion and rollback. Everything but listing needs an admin.
 */
@RestController
class ModelsController {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * A retraining job as answered.
	 *
	 * @param id job id
	 * @param state {@code running}, {@code done} or {@code failed}
	 * @param progress 0..1
	 * @param message last progress line (the error when failed)
	 * @param version the new model version
	 * @param startedAt when started
	 * @param finishedAt when finished or failed, or {@code null}
	 */
	record RetrainJobView(UUID id, String state, double progress, String message, String version, Instant startedAt,
			Instant finishedAt) {

		static RetrainJobView of(RetrainJob j) {
			return new RetrainJobView(j.id(), j.state(), j.progress(), j.message(), j.version(), j.startedAt(),
					j.finishedAt());
		}

	}

	private final ModelLifecycle lifecycle;

	ModelsController(ModelLifecycle lifecycle) {
		this.lifecycle = lifecycle;
	}

	@GetMapping("/api/grading/models")
	Mono<List<Map<String, Object>>> models() {
		return Actors.current().switchIfEmpty(GradingController.unauthorized())
			.flatMap(actor -> this.lifecycle.models().map(ModelsController::view).collectList());
	}

	@PostMapping("/api/grading/models/{version}/promote")
	Mono<Map<String, Object>> promote(@PathVariable String version) {
		return admin().flatMap(actor -> this.lifecycle.promote(version)).map(ModelsController::view);
	}

	@PostMapping("/api/grading/models/{version}/rollback")
	Mono<Map<String, Object>> rollback(@PathVariable String version) {
		return admin().flatMap(actor -> this.lifecycle.rollback(version)).map(ModelsController::view);
	}

	@PostMapping("/api/grading/models/retrain")
	Mono<ResponseEntity<RetrainJobView>> retrain() {
		return admin().flatMap(actor -> this.lifecycle.retrain(actor.orgId().value()))
			.map(job -> ResponseEntity.status(HttpStatus.ACCEPTED)
				.location(URI.create("/api/grading/models/retrain/" + job.id()))
				.body(RetrainJobView.of(job)));
	}

	@GetMapping("/api/grading/models/retrain/{jobId}")
	Mono<RetrainJobView> retrainJob(@PathVariable UUID jobId) {
		return admin().flatMap(actor -> this.lifecycle.job(actor.orgId().value(), jobId)).map(RetrainJobView::of);
	}

	private static Map<String, Object> view(ModelStatus s) {
		ModelRecord m = s.record();
		Map<String, Object> v = new LinkedHashMap<>();
		v.put("version", m.version());
		v.put("product", m.product());
		v.put("source", m.source());
		v.put("active", m.active());
		v.put("loaded", s.loaded());
		v.put("createdAt", m.createdAt());
		v.put("promotedAt", m.promotedAt());
		v.put("metrics", JSON.readTree(m.metricsJson() == null ? "{}" : m.metricsJson()));
		return v;
	}

	private Mono<Actor> admin() {
		return Actors.current().switchIfEmpty(GradingController.unauthorized()).map(actor -> {
			if (!actor.isAdmin()) {
				throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only admins manage models.");
			}
			return actor;
		});
	}

}
