package vn.nguon.traceability.batch;

import java.util.UUID;

/**
 * Decides whether the caller may create or change batches of a farm; supplied by the caller of
 * {@link BatchService} (who knows the actor) and called inside the transaction, before any write.
 */
@FunctionalInterface
public interface FarmAccess {

	/** Everyone may write every farm (for trusted callers such as demo data). */
	FarmAccess ANY = farmId -> {
	};

	/**
	 * @param farmId the farm of the batch, or {@code null} for a batch of several farms
	 * @throws RuntimeException (of the caller's choice) when the caller may not
	 */
	void requireWrite(UUID farmId);

}
