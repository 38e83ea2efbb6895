package vn.nguon.api.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import vn.nguon.api.security.Actor;
import vn.nguon.api.security.Actors;
import vn.nguon.grading.GradingException;
import vn.nguon.grading.model.BatchingSettings;
import vn.nguon.grading.model.Ensemble;
import vn.nguon.grading.model.Grader;
import vn.nguon.grading.model.GraderRegistry;
import vn.nguon.grading.model.MicroBatchingGrader;
import vn.nguon.grading.queue.GradingStore;
import vn.nguon.grading.queue.ModelRecords;
import vn.nguon.grading.queue.ModelRecords.ModelRecord;
import vn.nguon.grading.training.Catalog;
import vn.nguon.grading.training.Sample;
import vn.nguon.grading.training.TrainCommand;
import vn.nguon.grading.training.TrainOptions;

/**
 * Models: the registry (versions, metrics, active flag), retraining in the background with progress
 * (base data plus the organisation's reviewed photos), promotion only when the candidate is at least as
 * good on the held-out specimens, and rollback to a model that was active before.
 */
@RestController
class ModelsController {

	private static final Logger log = LoggerFactory.getLogger(ModelsController.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * A retraining job.
	 *
	 * @param id job id
	 * @param state {@code running}, {@code done} or {@code failed}
	 * @param progress 0..1
	 * @param message last progress line
	 * @param version the new model version
	 */
	record RetrainJob(UUID id, String state, double progress, String message, String version) {
	}

	private final ModelRecords records;

	private final GraderRegistry graders;

	private final GradingStore store;

	private final GradingProperties props;

	private final Scheduler scheduler;

	private final Map<UUID, RetrainJob> jobs = new ConcurrentHashMap<>();

	private final ExecutorService training = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "grading-retrain");
		t.setDaemon(true);
		t.setPriority(Thread.MIN_PRIORITY);
		return t;
	});

	ModelsController(ModelRecords records, GraderRegistry graders, GradingStore store, GradingProperties props,
			Scheduler gradingScheduler) {
		this.records = records;
		this.graders = graders;
		this.store = store;
		this.props = props;
		this.scheduler = gradingScheduler;
	}

	/**
	 * Restores the models at start-up: registers the shipped models, loads the retrained ones written
	 * earlier into the model directory, and activates the model the registry marks active for each
	 * product (a newer shipped model replaces an older shipped one; a promoted retrained model stays
	 * active across restarts).
	 */
	@EventListener(ApplicationReadyEvent.class)
	void restoreModels() {
		List<String> shipped = this.graders.loadedVersions();
		loadRetrained();
		Flux.fromIterable(shipped)
			.concatMap(version -> Flux.fromIterable(this.graders.loaded(version).products())
				.concatMap(product -> registerShipped(version, product)))
			.thenMany(Flux.defer(this.records::all))
			.filter(ModelRecord::active)
			.concatMap(this::reactivate)
			.onErrorResume(ex -> {
				log.warn("Models not restored: {}", ex.getMessage());
				return Mono.empty();
			})
			.subscribe();
	}

	private Mono<ModelRecord> registerShipped(String version, String product) {
		String metrics = GraderRegistry.shippedResource(product, version, Ensemble.METRICS_FILE);
		return this.records.register(version, product, metrics == null ? "{}" : metrics, "shipped")
			.flatMap(m -> this.records.active(product)
				// an upgrade: the shipped model of this release replaces the one shipped before it
				.filter(a -> !a.version().equals(version) && "shipped".equals(a.source()))
				.flatMap(a -> this.records.activate(version))
				.defaultIfEmpty(m));
	}

	private Mono<ModelRecord> reactivate(ModelRecord m) {
		Grader g = this.graders.loaded(m.version());
		if (g == null) {
			log.warn("Active model {} of {} is not loaded here; its product keeps the shipped model", m.version(),
					m.product());
		}
		else {
			this.graders.activate(g);
		}
		return Mono.just(m);
	}

	private void loadRetrained() {
		Path dir = Path.of(this.props.modelDir());
		if (!Files.isDirectory(dir)) {
			return;
		}
		try (var dirs = Files.list(dir)) {
			for (Path model : dirs.filter(d -> Files.isRegularFile(d.resolve(Ensemble.SPEC_FILE))).sorted().toList()) {
				if (this.graders.loaded(model.getFileName().toString()) != null) {
					continue;
				}
				try {
					this.graders.load(new MicroBatchingGrader(this.props.engine().serve(Ensemble.load(model)),
							BatchingSettings.defaults()));
					log.info("Retrained model {} loaded", model.getFileName());
				}
				catch (RuntimeException ex) {
					log.warn("Retrained model in {} not loaded: {}", model, ex.getMessage());
				}
			}
		}
		catch (IOException ex) {
			log.warn("Model directory {} not readable: {}", dir, ex.getMessage());
		}
	}

	@GetMapping("/api/grading/models")
	Mono<List<Map<String, Object>>> models() {
		return Actors.current().switchIfEmpty(GradingController.unauthorized())
			.flatMap(actor -> this.records.all().map(this::view).collectList());
	}

	private Map<String, Object> view(ModelRecord m) {
		Map<String, Object> v = new LinkedHashMap<>();
		v.put("version", m.version());
		v.put("product", m.product());
		v.put("source", m.source());
		v.put("active", m.active());
		v.put("loaded", this.graders.loaded(m.version()) != null);
		v.put("createdAt", m.createdAt());
		v.put("promotedAt", m.promotedAt());
		v.put("metrics", JSON.readTree(m.metricsJson() == null ? "{}" : m.metricsJson()));
		return v;
	}

	@PostMapping("/api/grading/models/{version}/promote")
	Mono<Map<String, Object>> promote(@PathVariable String version) {
		return admin().flatMap(actor -> candidate(version).flatMap(candidate -> this.records.active(candidate.product())
			.map(active -> {
				if (!atLeastAsGood(candidate, active)) {
					throw new GradingException(GradingException.Kind.CONFLICT, "model-not-better",
							"Model " + version + " is not at least as good as " + active.version()
									+ " on the held-out specimens", version, active.version());
				}
				return candidate;
			})
			.defaultIfEmpty(candidate))
			.flatMap(c -> activate(c.version())));
	}

	@PostMapping("/api/grading/models/{version}/rollback")
	Mono<Map<String, Object>> rollback(@PathVariable String version) {
		return admin().flatMap(actor -> candidate(version).flatMap(c -> {
			if (c.promotedAt() == null) {
				throw new GradingException(GradingException.Kind.CONFLICT, "model-never-active",
						"Only a model that was active before can be switched back to", version);
			}
			return activate(version);
		}));
	}

	private Mono<ModelRecord> candidate(String version) {
		return this.records.find(version)
			.switchIfEmpty(Mono.error(new GradingException(GradingException.Kind.NOT_FOUND, "model-not-found",
					"No model " + version, version)))
			.map(m -> {
				if (this.graders.loaded(version) == null) {
					throw new GradingException(GradingException.Kind.CONFLICT, "model-not-loaded",
							"Model " + version + " is not loaded in this instance", version);
				}
				return m;
			});
	}

	private Mono<Map<String, Object>> activate(String version) {
		return this.records.activate(version).map(m -> {
			this.graders.activate(this.graders.loaded(version));
			return view(m);
		});
	}

	static boolean atLeastAsGood(ModelRecord candidate, ModelRecord active) {
		JsonNode c = JSON.readTree(candidate.metricsJson()).path("heldOutSpecimens");
		JsonNode a = JSON.readTree(active.metricsJson()).path("heldOutSpecimens");
		if (c.isMissingNode() || !c.has("accuracy")) {
			return false;
		}
		if (a.isMissingNode() || !a.has("accuracy")) {
			return true;
		}
		return c.path("accuracy").asDouble() >= a.path("accuracy").asDouble()
				&& c.path("freshRottenConfusion").asDouble() <= a.path("freshRottenConfusion").asDouble() + 1e-9;
	}

	@PostMapping("/api/grading/models/retrain")
	Mono<ResponseEntity<RetrainJob>> retrain() {
		return admin().flatMap(actor -> {
			Path data = Path.of(this.props.baseData());
			if (!Files.isRegularFile(data.resolve("FILES.tsv"))) {
				return Mono.error(new GradingException(GradingException.Kind.CONFLICT, "training-data-missing",
						"The base training data is not available at " + data, data.toString()));
			}
			String version = "tomato-" + LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE) + "-"
					+ UUID.randomUUID().toString().substring(0, 8);
			UUID id = UUID.randomUUID();
			this.jobs.put(id, new RetrainJob(id, "running", 0, "exporting reviewed photos", version));
			return this.store.reviewedPhotos(actor.orgId().value()).collectList().publishOn(this.scheduler).map(photos -> {
				this.training.submit(() -> runTraining(id, version, data, photos));
				return ResponseEntity.status(HttpStatus.ACCEPTED)
					.location(java.net.URI.create("/api/grading/models/retrain/" + id))
					.body(this.jobs.get(id));
			});
		});
	}

	@GetMapping("/api/grading/models/retrain/{jobId}")
	Mono<RetrainJob> retrainJob(@PathVariable UUID jobId) {
		return admin().map(actor -> {
			RetrainJob job = this.jobs.get(jobId);
			if (job == null) {
				throw new GradingException(GradingException.Kind.NOT_FOUND, "job-not-found", "No job " + jobId, jobId);
			}
			return job;
		});
	}

	private void runTraining(UUID id, String version, Path data, List<GradingStore.ReviewedPhoto> photos) {
		try {
			Path work = Path.of(this.props.modelDir());
			Path extra = Files.createDirectories(work.resolve("reviewed-" + version));
			List<Sample> samples = new ArrayList<>();
			for (GradingStore.ReviewedPhoto p : photos) {
				int label = Catalog.LABELS.indexOf(p.label());
				if (label < 0) {
					continue;
				}
				Path f = extra.resolve(p.photoId() + ".jpg");
				Files.write(f, p.publicJpeg());
				samples.add(new Sample(f, "train", label, Catalog.unitOfLabel(label), "review-" + p.photoId()));
			}
			List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--out", work.toString(), "--version",
					version));
			if (!this.props.retrainOptions().isEmpty()) {
				args.addAll(List.of(this.props.retrainOptions().split("\\s+")));
			}
			TrainCommand.Result r = TrainCommand.train(TrainOptions.parse(args.toArray(String[]::new)), Catalog.read(data).withExtra(samples),
					(f, m) -> this.jobs.put(id, new RetrainJob(id, "running", f, m, version)));
			MicroBatchingGrader grader = new MicroBatchingGrader(this.props.engine().serve(Ensemble.load(r.directory())),
					BatchingSettings.defaults());
			// loaded, registered, not active: promotion is a separate, checked step
			this.graders.load(grader);
			String summary = r.heldOut().summary();
			this.records.register(version, "tomato", Files.readString(r.directory().resolve(Ensemble.METRICS_FILE)),
					"retrained")
				.subscribe(m -> this.jobs.put(id, new RetrainJob(id, "done", 1, summary, version)),
						ex -> this.jobs.put(id, new RetrainJob(id, "failed", 1, ex.getMessage(), version)));
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Retraining {} failed", version, ex);
			this.jobs.put(id, new RetrainJob(id, "failed", 1, String.valueOf(ex.getMessage()), version));
		}
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
