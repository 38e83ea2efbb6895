package vn.nguon.grading.queue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import vn.nguon.grading.GradingException;
import vn.nguon.grading.model.GraderRegistry;
import vn.nguon.grading.policy.GradingPolicy;

/**
 * Drains the grading queue: claims a micro-batch of jobs, grades their photos with the product's active
 * grader (inference on the grader's own threads), stores each verdict once, gives failed jobs back
 * (parked at once when the photo cannot be decoded) and decides the grade of every batch whose queue is
 * now empty. Several workers, in one or many instances, share the queue safely.
 */
public class GradingWorker {

	private static final Logger log = LoggerFactory.getLogger(GradingWorker.class);

	private final GradingStore store;

	private final GraderRegistry graders;

	private final Function<String, GradingPolicy> policies;

	private final String owner;

	public GradingWorker(GradingStore store, GraderRegistry graders, Function<String, GradingPolicy> policies,
			String owner) {
		this.store = store;
		this.graders = graders;
		this.policies = policies;
		this.owner = owner;
	}

	/**
	 * One round: claim, grade, store, decide.
	 * @return the batch grades decided in this round
	 */
	public Flux<StoredGrade> drainOnce() {
		return this.store.claim(this.owner).collectList().flatMapMany(jobs -> {
			if (jobs.isEmpty()) {
				return Flux.empty();
			}
			Map<UUID, UUID> batches = new LinkedHashMap<>();
			return Flux.fromIterable(jobs)
				.flatMap(job -> gradeOne(job).doOnNext(done -> {
					if (done) {
						batches.put(job.batchId(), job.orgId());
					}
				}), jobs.size())
				.then(Mono.defer(() -> Mono.just(batches)))
				.flatMapMany(b -> Flux.fromIterable(b.entrySet()))
				.concatMap(e -> this.store.gradeBatchIfDrained(e.getValue(), e.getKey(), policyOf(jobs, e.getKey())));
		});
	}

	private GradingPolicy policyOf(java.util.List<Job> jobs, UUID batchId) {
		String product = jobs.stream().filter(j -> j.batchId().equals(batchId)).findFirst().orElseThrow().product();
		return this.policies.apply(product);
	}

	private Mono<Boolean> gradeOne(Job job) {
		return Mono.defer(() -> Mono.fromFuture(this.graders.forProduct(job.product()).grade(job.bytes())))
			.flatMap(result -> this.store.complete(job, result, this.owner).thenReturn(true))
			.onErrorResume(ex -> {
				boolean poison = ex instanceof GradingException;
				log.warn("Grading photo {} failed (attempt {}, {}): {}", job.photoId(), job.attempts(),
						poison ? "parked" : "will retry", ex.getMessage());
				return this.store.fail(job, ex.getMessage(), poison).thenReturn(true);
			});
	}

}
