package vn.nguon.grading.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

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
 * The model lifecycle: retraining in the background (base data plus the organisation's reviewed photos)
 * with its state, progress and a heartbeat in {@code grading_retrain_job}; the retrained model's files
 * zipped into {@code grading_model_archive}; promotion only by {@link PromotionRule}; rollback to a model
 * that was active before; and the restore at start-up of the models the registry marks active. A model
 * not loaded in this instance is unpacked from PostgreSQL into the local model directory when needed.
 * <p>
 * Over 300 lines: restore, sync, promotion, rollback and retraining keep the registry, the archives and the
 * local model cache consistent with each other; the rule and the job state live apart ({@link PromotionRule},
 * {@link RetrainJobs}).
 */
public class ModelLifecycle implements AutoCloseable {

	/** How often a queued or running job's progress and heartbeat are written. */
	static final Duration HEARTBEAT = Duration.ofSeconds(2);

	private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

	private static final Logger log = LoggerFactory.getLogger(ModelLifecycle.class);

	/**
	 * A registered model and whether this instance has it loaded.
	 *
	 * @param record the registry row
	 * @param loaded whether it can grade here
	 */
	public record ModelStatus(ModelRecord record, boolean loaded) {
	}

	private record Step(double fraction, String message) {
	}

	private final ModelRecords records;

	private final RetrainJobs jobs;

	private final ModelArchives archives;

	private final GradingStore store;

	private final GraderRegistry graders;

	private final LifecycleSettings settings;

	private final Scheduler scheduler;

	/** Jobs queued or running here, with their heartbeats. */
	private final Map<UUID, Disposable> inFlight = new ConcurrentHashMap<>();

	private final ExecutorService training = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "grading-retrain");
		t.setDaemon(true);
		t.setPriority(Thread.MIN_PRIORITY);
		return t;
	});

	public ModelLifecycle(ModelRecords records, RetrainJobs jobs, ModelArchives archives, GradingStore store,
			GraderRegistry graders, LifecycleSettings settings, Scheduler scheduler) {
		this.records = records;
		this.jobs = jobs;
		this.archives = archives;
		this.store = store;
		this.graders = graders;
		this.settings = settings;
		this.scheduler = scheduler;
	}

	// ---- start-up

	/**
	 * Restores the models: loads the retrained ones cached in the model directory, registers the shipped
	 * models (a newer shipped model replaces an older shipped one), and activates the model the registry
	 * marks active for each product, unpacking it from PostgreSQL when it was trained elsewhere. Retrained
	 * models cached here but not yet in PostgreSQL (trained before it kept them) are stored there.
	 * @return completes when done; errors are logged, never signalled
	 */
	public Mono<Void> restore() {
		List<String> shipped = this.graders.loadedVersions();
		return Mono.fromRunnable(this::loadCached).subscribeOn(this.scheduler)
			.thenMany(Flux.fromIterable(shipped)
				.concatMap(version -> Flux.fromIterable(this.graders.loaded(version).products())
					.concatMap(product -> registerShipped(version, product))))
			.thenMany(Flux.defer(this.records::all))
			.filter(ModelRecord::active)
			.concatMap(this::reactivate)
			.then(Mono.defer(this::archiveCached))
			.onErrorResume(ex -> {
				log.warn("Models not restored: {}", ex.getMessage());
				return Mono.empty();
			});
	}

	/**
	 * Makes this instance grade with what the registry marks active: another replica may have promoted or
	 * rolled back a model since this one started. A model trained elsewhere is unpacked from PostgreSQL.
	 * Cheap when nothing changed (one read of the small registry table); run periodically.
	 * @return how many products switched model here
	 */
	public Mono<Long> sync() {
		return Flux.defer(this.records::all)
			.filter(ModelRecord::active)
			.filter(m -> !m.version().equals(this.graders.activeVersion(m.product())))
			.concatMap(m -> ensureLoaded(m.version()).map(g -> {
				this.graders.activate(g);
				log.info("Model {} of {} is now active here (changed on another instance)", m.version(), m.product());
				return m;
			}))
			.count()
			.onErrorResume(ex -> {
				log.warn("Model registry not synchronised: {}", ex.getMessage());
				return Mono.just(0L);
			});
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
		return ensureLoaded(m.version()).map(g -> {
			this.graders.activate(g);
			return m;
		}).switchIfEmpty(Mono.fromSupplier(() -> {
			log.warn("Active model {} of {} is not loaded here; its product keeps the shipped model", m.version(),
					m.product());
			return m;
		}));
	}

	private void loadCached() {
		Path dir = this.settings.modelDir();
		if (!Files.isDirectory(dir)) {
			return;
		}
		try (var dirs = Files.list(dir)) {
			for (Path model : dirs.filter(d -> Files.isRegularFile(d.resolve(Ensemble.SPEC_FILE))).sorted().toList()) {
				try {
					loadDirectory(model.getFileName().toString(), model);
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

	private Mono<Void> archiveCached() {
		return this.records.all()
			.filter(m -> "retrained".equals(m.source()) && cached(m.version()) != null)
			.concatMap(m -> this.archives.exists(m.version())
				.filter(stored -> !stored)
				.flatMap(x -> Mono.fromCallable(() -> ModelZip.zip(cached(m.version()))).subscribeOn(this.scheduler))
				.flatMap(zip -> this.archives.save(m.version(), zip))
				.doOnSuccess(x -> log.info("Retrained model {} stored in PostgreSQL", m.version())))
			.then();
	}

	// ---- registry

	/** @return every registered model, newest first */
	public Flux<ModelStatus> models() {
		return this.records.all().map(this::status);
	}

	private ModelStatus status(ModelRecord m) {
		return new ModelStatus(m, this.graders.loaded(m.version()) != null);
	}

	/**
	 * Makes a model active when it is at least as good on the held-out specimens as the active one.
	 * @return the promoted model
	 */
	public Mono<ModelStatus> promote(String version) {
		return candidate(version).flatMap(candidate -> this.records.active(candidate.product())
			.map(active -> {
				if (!PromotionRule.atLeastAsGood(candidate, active)) {
					throw new GradingException(GradingException.Kind.CONFLICT, "model-not-better",
							"Model " + version + " is not at least as good as " + active.version()
									+ " on the held-out specimens", version, active.version());
				}
				return candidate;
			})
			.defaultIfEmpty(candidate))
			.flatMap(c -> activate(c.version()));
	}

	/**
	 * Switches back to a model that was active before.
	 * @return the model now active
	 */
	public Mono<ModelStatus> rollback(String version) {
		return candidate(version).flatMap(c -> {
			if (c.promotedAt() == null) {
				return Mono.error(new GradingException(GradingException.Kind.CONFLICT, "model-never-active",
						"Only a model that was active before can be switched back to", version));
			}
			return activate(version);
		});
	}

	private Mono<ModelRecord> candidate(String version) {
		return this.records.find(version)
			.switchIfEmpty(Mono.error(new GradingException(GradingException.Kind.NOT_FOUND, "model-not-found",
					"No model " + version, version)))
			.flatMap(m -> ensureLoaded(version)
				.switchIfEmpty(Mono.error(new GradingException(GradingException.Kind.CONFLICT, "model-not-loaded",
						"Model " + version + " is not loaded in this instance", version)))
				.thenReturn(m));
	}

	private Mono<ModelStatus> activate(String version) {
		return this.records.activate(version).map(m -> {
			this.graders.activate(this.graders.loaded(version));
			return status(m);
		});
	}

	/**
	 * Loads a model into this instance (kept loaded, not active), from the local cache or PostgreSQL.
	 * @return whether it is loaded
	 */
	public Mono<Boolean> load(String version) {
		return ensureLoaded(version).map(g -> true).defaultIfEmpty(false);
	}

	/** @return the loaded grader, loading it from the local cache or PostgreSQL; empty when neither has it */
	private Mono<Grader> ensureLoaded(String version) {
		Grader loaded = this.graders.loaded(version);
		if (loaded != null) {
			return Mono.just(loaded);
		}
		if (!VERSION.matcher(version).matches()) {
			return Mono.empty();
		}
		Path dir = this.settings.modelDir().resolve(version);
		Mono<Path> local = Mono.fromCallable(() -> cached(version)).subscribeOn(this.scheduler);
		Mono<Path> unpacked = this.archives.find(version).publishOn(this.scheduler).map(zip -> {
			try {
				if (cached(version) == null) {
					ModelZip.unzip(zip, dir);
				}
				return dir;
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		});
		return local.switchIfEmpty(unpacked)
			.map(d -> loadDirectory(version, d))
			.onErrorResume(ex -> {
				log.warn("Model {} not loaded: {}", version, ex.getMessage());
				return Mono.empty();
			});
	}

	private Path cached(String version) {
		if (!VERSION.matcher(version).matches()) {
			return null;
		}
		Path dir = this.settings.modelDir().resolve(version);
		return Files.isRegularFile(dir.resolve(Ensemble.SPEC_FILE)) ? dir : null;
	}

	/** Loads a model directory once (kept loaded, not active). */
	private synchronized Grader loadDirectory(String version, Path dir) {
		Grader g = this.graders.loaded(version);
		if (g == null) {
			g = new MicroBatchingGrader(this.settings.engine().serve(Ensemble.load(dir)), BatchingSettings.defaults());
			this.graders.load(g);
			log.info("Retrained model {} loaded", version);
		}
		return g;
	}

	// ---- retraining

	/**
	 * Starts retraining on the base data plus the organisation's reviewed photos; the candidate is loaded
	 * and registered, not active: promotion is a separate, checked step.
	 * @return the job as stored
	 */
	public Mono<RetrainJob> retrain(UUID orgId) {
		Path data = this.settings.baseData();
		if (!Files.isRegularFile(data.resolve("FILES.tsv"))) {
			return Mono.error(new GradingException(GradingException.Kind.CONFLICT, "training-data-missing",
					"The base training data is not available at " + data, data.toString()));
		}
		String version = "tomato-" + LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE) + "-"
				+ UUID.randomUUID().toString().substring(0, 8);
		UUID id = UUID.randomUUID();
		String first = "exporting reviewed photos";
		return this.jobs.create(id, orgId, version, first).flatMap(job -> {
			AtomicReference<Step> last = new AtomicReference<>(new Step(0, first));
			Disposable heartbeat = heartbeat(id, last);
			this.inFlight.put(id, heartbeat);
			return this.store.reviewedPhotos(orgId).collectList().publishOn(this.scheduler).map(photos -> {
				this.training.submit(() -> runTraining(id, version, data, photos, last, heartbeat));
				return job;
			}).onErrorResume(ex -> {
				heartbeat.dispose();
				this.inFlight.remove(id);
				return this.jobs.fail(id, String.valueOf(ex.getMessage())).then(Mono.error(ex));
			});
		});
	}

	/** @return the organisation's job (reported failed when its instance stopped), or a not-found error */
	public Mono<RetrainJob> job(UUID orgId, UUID id) {
		return this.jobs.find(orgId, id).switchIfEmpty(Mono.error(
				new GradingException(GradingException.Kind.NOT_FOUND, "job-not-found", "No job " + id, id)));
	}

	private Disposable heartbeat(UUID id, AtomicReference<Step> last) {
		return Flux.interval(HEARTBEAT, HEARTBEAT)
			.onBackpressureDrop()
			.concatMap(t -> {
				Step s = last.get();
				return this.jobs.progress(id, s.fraction(), s.message()).onErrorResume(ex -> {
					log.warn("Could not record progress of retraining job {}: {}", id, ex.getMessage());
					return Mono.empty();
				});
			})
			.subscribe();
	}

	private void runTraining(UUID id, String version, Path data, List<GradingStore.ReviewedPhoto> photos,
			AtomicReference<Step> last, Disposable heartbeat) {
		try {
			Path work = this.settings.modelDir();
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
			if (!this.settings.retrainOptions().isEmpty()) {
				args.addAll(List.of(this.settings.retrainOptions().split("\\s+")));
			}
			TrainCommand.Result r = TrainCommand.train(TrainOptions.parse(args.toArray(String[]::new)),
					Catalog.read(data).withExtra(samples), (f, m) -> last.set(new Step(f, m)));
			byte[] zip = ModelZip.zip(r.directory());
			String metrics = Files.readString(r.directory().resolve(Ensemble.METRICS_FILE));
			loadDirectory(version, r.directory());
			this.records.register(version, "tomato", metrics, "retrained")
				.then(this.archives.save(version, zip))
				.then(this.jobs.finish(id, r.heldOut().summary()))
				.block();
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Retraining {} failed", version, ex);
			try {
				this.jobs.fail(id, String.valueOf(ex.getMessage())).block(Duration.ofSeconds(30));
			}
			catch (RuntimeException again) {
				log.warn("Could not record the failure of retraining job {}: {}", id, again.getMessage());
			}
		}
		finally {
			heartbeat.dispose();
			this.inFlight.remove(id);
		}
	}

	/** Stops retraining; the jobs this instance was running are recorded as interrupted. */
	@Override
	public void close() {
		this.training.shutdownNow();
		for (UUID id : List.copyOf(this.inFlight.keySet())) {
			Disposable heartbeat = this.inFlight.remove(id);
			if (heartbeat != null) {
				heartbeat.dispose();
			}
			try {
				this.jobs.fail(id, RetrainJobs.INTERRUPTED).block(Duration.ofSeconds(5));
			}
			catch (RuntimeException ex) {
				log.warn("Could not record retraining job {} as interrupted: {}", id, ex.getMessage());
			}
		}
	}

}
