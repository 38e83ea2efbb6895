package vn.nguon.traceability.subscription;

import java.time.Instant;
import java.util.UUID;

/**
 * A callback given up after the last retry.
 *
 * @param id id
 * @param subscriptionId its subscription
 * @param queryName the subscription's query
 * @param firstSeq seq of its first event (null for an empty report or an alert)
 * @param lastSeq seq of its last event
 * @param eventCount events in the body
 * @param attempts attempts made
 * @param lastError the last failure
 * @param createdAt when given up
 * @param replayedAt when a replay was answered 2xx, or null
 */
public record DeadLetter(UUID id, UUID subscriptionId, String queryName, Long firstSeq, Long lastSeq, int eventCount,
		int attempts, String lastError, Instant createdAt, Instant replayedAt) {
}
