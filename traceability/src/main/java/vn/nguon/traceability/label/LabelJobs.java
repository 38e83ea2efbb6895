package vn.nguon.traceability.label;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Service;

import jakarta.annotation.PreDestroy;

import vn.nguon.traceability.organisation.OrgId;

/**
 * Draws label sheets off the event loop: small ones at once, large ones as jobs in
 * {@code label_job} ({@link LabelJobRepository}), so any replica answers a job's progress and
 * PDF. While a job runs, its progress and a heartbeat are written every {@link #HEARTBEAT}; when
 * this instance dies, the job is reported failed once the heartbeat is stale. Jobs and PDFs are
 * kept for {@link #KEEP_FOR}.
 */
@Service
public class LabelJobs {

	static final Duration HEARTBEAT = Duration.ofSeconds(1);

	static final Duration KEEP_FOR = Duration.ofHours(1);

	private static final Logger log = LoggerFactory.getLogger(LabelJobs.class);

	private final LabelJobRepository repository;

	private final LabelSheets sheets = new LabelSheets();

	private final Scheduler pdfScheduler = Schedulers.newBoundedElastic(2, 16, "labels");

	public LabelJobs(LabelJobRepository repository) {
		this.repository = repository;
	}

	/** @return the PDF of the labels, drawn on a worker thread */
	public Mono<byte[]> render(List<Label> labels, LabelLayout layout) {
		return Mono.fromCallable(() -> {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			this.sheets.write(labels.iterator(), layout, out, null);
			return out.toByteArray();
		}).subscribeOn(this.pdfScheduler);
	}

	/**
	 * Stores a running job and starts drawing it in the background.
	 * @return the job as stored
	 */
	public Mono<LabelJob> start(OrgId orgId, List<Label> labels, LabelLayout layout) {
		return this.repository.create(orgId, labels.size(), KEEP_FOR).doOnNext(job -> run(job, labels, layout));
	}

	private void run(LabelJob job, List<Label> labels, LabelLayout layout) {
		AtomicInteger done = new AtomicInteger();
		Disposable heartbeat = Flux.interval(HEARTBEAT, HEARTBEAT)
			.onBackpressureDrop()
			.concatMap(t -> this.repository.progress(job.id(), done.get()).onErrorResume(ex -> {
				log.warn("Could not record progress of label job {}: {}", job.id(), ex.getMessage());
				return Mono.empty();
			}))
			.subscribe();
		Mono.fromCallable(() -> {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			this.sheets.write(labels.iterator(), layout, out, done::set);
			return out.toByteArray();
		})
			.subscribeOn(this.pdfScheduler)
			.flatMap(pdf -> this.repository.finish(job.id(), pdf))
			.onErrorResume(ex -> {
				log.warn("Label job {} failed: {}", job.id(), ex.toString());
				return this.repository.fail(job.id(), ex.getMessage());
			})
			.doFinally(signal -> heartbeat.dispose())
			.subscribe(null, ex -> log.warn("Could not record the end of label job {}: {}", job.id(), ex.getMessage()));
	}

	@PreDestroy
	void stop() {
		this.pdfScheduler.dispose();
	}

}
