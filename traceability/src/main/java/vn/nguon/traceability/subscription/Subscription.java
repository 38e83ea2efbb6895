package vn.nguon.traceability.subscription;

import java.time.Instant;
import java.util.UUID;

import vn.nguon.traceability.organisation.OrgId;

/**
 * A webhook subscription to a named query, with its delivery state.
 *
 * @param id subscription id
 * @param org owner
 * @param queryName the named query
 * @param dest webhook URL
 * @param stream every new matching event, in capture order, as soon as possible
 * @param schedule when not a stream: when to report the new matching events
 * @param reportIfEmpty whether a scheduled run with nothing new still calls
 * @param signed whether callbacks carry a {@code GS1-Signature}
 * @param cursorSeq every matching event up to this seq was delivered or dead-lettered
 * @param attempts failed attempts of the current batch
 * @param nextAttemptAt next try or next scheduled run
 * @param lastError the last failure, or null
 * @param lastDeliveredAt the last 2xx, or null
 * @param createdAt creation time
 */
public record Subscription(UUID id, OrgId org, String queryName, String dest, boolean stream, Schedule schedule,
		boolean reportIfEmpty, boolean signed, long cursorSeq, int attempts, Instant nextAttemptAt, String lastError,
		Instant lastDeliveredAt, Instant createdAt) {
}
