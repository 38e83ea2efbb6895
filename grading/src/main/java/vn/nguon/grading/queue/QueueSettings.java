package vn.nguon.grading.queue;

import java.time.Duration;

/**
 * How the queue is worked.
 *
 * @param claimSize most jobs claimed at once (they are graded as one micro-batch)
 * @param lease how long a claimed job is reserved for its worker
 * @param maxAttempts attempts before a job is parked
 * @param baseBackoff delay before the first retry, doubled at each further attempt
 */
public record QueueSettings(int claimSize, Duration lease, int maxAttempts, Duration baseBackoff) {

	public QueueSettings {
		if (claimSize < 1 || maxAttempts < 1 || lease.isNegative() || lease.isZero() || baseBackoff.isNegative()) {
			throw new IllegalArgumentException("claimSize and maxAttempts >= 1, positive lease");
		}
	}

	/** @return 16 jobs, 60 s lease, 5 attempts, 2 s backoff */
	public static QueueSettings defaults() {
		return new QueueSettings(16, Duration.ofSeconds(60), 5, Duration.ofSeconds(2));
	}

}
