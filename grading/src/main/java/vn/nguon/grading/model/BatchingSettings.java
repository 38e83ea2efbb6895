package vn.nguon.grading.model;

import java.time.Duration;

/**
 * How a {@link MicroBatchingGrader} schedules inference.
 *
 * @param workers worker threads, each with its own predictors (the pool)
 * @param maxBatch most photos in one forward pass
 * @param maxWait longest a photo waits for others to join its batch
 * @param queueCapacity photos waiting at most; more are refused ({@code grader-busy})
 */
public record BatchingSettings(int workers, int maxBatch, Duration maxWait, int queueCapacity) {

	public BatchingSettings {
		if (workers < 1 || workers > 64 || maxBatch < 1 || maxBatch > 512 || queueCapacity < 1) {
			throw new IllegalArgumentException("workers 1..64, maxBatch 1..512, queueCapacity >= 1");
		}
		if (maxWait == null || maxWait.isNegative()) {
			throw new IllegalArgumentException("maxWait must not be negative");
		}
	}

	/** @return one worker, batches of up to 16 photos, 10 ms wait, 512 queued */
	public static BatchingSettings defaults() {
		return new BatchingSettings(1, 16, Duration.ofMillis(10), 512);
	}

}
