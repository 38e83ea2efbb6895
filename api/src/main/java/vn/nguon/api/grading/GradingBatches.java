package vn.nguon.api.grading;

import java.util.Locale;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import vn.nguon.api.security.Actor;
import vn.nguon.grading.GradingException;
import vn.nguon.traceability.batch.BatchDirectory;
import vn.nguon.traceability.batch.BatchDirectory.BatchSummary;

/**
 * The adapter between grading and traceability's batches: finds a batch of the caller's organisation
 * (another organisation's batch is not found), checks the caller may add photos to it, and names the
 * grading product (model and policy) of its product.
 */
@Component
class GradingBatches {

	private final BatchDirectory batches;

	private final GradingProperties props;

	GradingBatches(BatchDirectory batches, GradingProperties props) {
		this.batches = batches;
		this.props = props;
	}

	/**
	 * @return the batch, or a {@code batch-not-found} error (also for a farmer's batch of a farm not
	 * assigned to them)
	 */
	Mono<BatchSummary> find(Actor actor, UUID batchId) {
		return this.batches.find(actor.orgId(), batchId)
			.filter(b -> actor.mayReadFarm(b.farmId()))
			.switchIfEmpty(Mono.error(new GradingException(GradingException.Kind.NOT_FOUND, "batch-not-found",
					"No batch " + batchId, batchId)));
	}

	/** @return the batch when the actor may add photos to it */
	Mono<BatchSummary> findWritable(Actor actor, UUID batchId) {
		return find(actor, batchId).flatMap(b -> {
			boolean allowed = actor.isAdmin() || ("farmer".equals(actor.role()) && b.farmId() != null
					&& actor.mayWriteFarm(b.farmId()));
			return allowed ? Mono.just(b)
					: Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN, "You may not add photos to this batch."));
		});
	}

	/** @return the grading product of a batch (e.g. {@code tomato}) */
	String productOf(BatchSummary batch) {
		for (String name : new String[] { batch.productNameEn(), batch.productNameVi() }) {
			if (name != null) {
				String key = this.props.productAliases().get(name.trim().toLowerCase(Locale.ROOT));
				if (key != null) {
					return key;
				}
			}
		}
		return this.props.defaultProduct();
	}

}
