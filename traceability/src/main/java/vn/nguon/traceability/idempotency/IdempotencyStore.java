package vn.nguon.traceability.idempotency;

import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.organisation.OrgId;

/**
 * Claims idempotency keys inside the caller's transaction. A claim either succeeds (the request
 * is new: do the work, then {@link #complete}) or finds an earlier request with the same key:
 * same operation and fingerprint gives a {@link Replay}, anything else is a conflict. A
 * concurrent request with the same key waits on the row lock until the first one commits or
 * rolls back, so two retries never both create.
 */
@Repository
public class IdempotencyStore {

	/**
	 * What an earlier request with the same key made.
	 *
	 * @param resourceId the resource created or acted on
	 * @param eventId the EPCIS event recorded, or {@code null}
	 */
	public record Replay(UUID resourceId, String eventId) {
	}

	private final DatabaseClient db;

	public IdempotencyStore(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Claims the keys for a new request, or finds the earlier request that used them.
	 * @param org the caller's organisation (keys are per organisation)
	 * @param idem the request's keys
	 * @param operation what the request does, e.g. {@code batch.create}
	 * @param fingerprint {@link Idempotency#fingerprint} of the request
	 * @return the earlier request's result, or empty when the request is new (keys now claimed)
	 */
	public Mono<Replay> claim(OrgId org, Idempotency idem, String operation, String fingerprint) {
		List<String> keys = idem.keys();
		if (keys.isEmpty()) {
			return Mono.empty();
		}
		return Flux.fromIterable(keys)
			.concatMap(key -> claimOne(org, key, operation, fingerprint))
			.next()
			// a key claimed just now next to one that replays points at the earlier result too
			.flatMap(replay -> complete(org, idem, replay.resourceId(), replay.eventId()).thenReturn(replay));
	}

	private Mono<Replay> claimOne(OrgId org, String key, String operation, String fingerprint) {
		return this.db
			.sql("INSERT INTO api_idempotency (org_id, idem_key, operation, fingerprint) "
					+ "VALUES (:org, :key, :op, :fp) ON CONFLICT DO NOTHING RETURNING idem_key")
			.bind("org", org.value())
			.bind("key", key)
			.bind("op", operation)
			.bind("fp", fingerprint)
			.map(r -> r.get("idem_key", String.class))
			.one()
			.map(inserted -> true)
			.defaultIfEmpty(false)
			.flatMap(inserted -> inserted ? Mono.<Replay>empty() : earlier(org, key, operation, fingerprint));
	}

	private Mono<Replay> earlier(OrgId org, String key, String operation, String fingerprint) {
		return this.db
			.sql("SELECT operation, fingerprint, resource_id, event_id FROM api_idempotency "
					+ "WHERE org_id = :org AND idem_key = :key")
			.bind("org", org.value())
			.bind("key", key)
			.map(r -> new Object[] { r.get("operation", String.class), r.get("fingerprint", String.class),
					r.get("resource_id", UUID.class), r.get("event_id", String.class) })
			.one()
			.flatMap(row -> {
				if (!operation.equals(row[0]) || !fingerprint.equals(row[1]) || row[2] == null) {
					String shown = key.startsWith("id:") ? "id " + key.substring(3) : "Idempotency-Key " + key.substring(4);
					return Mono.error(TraceabilityException.conflict("idempotency-key-reused",
							"The " + shown + " was already used for a different request", shown));
				}
				return Mono.just(new Replay((UUID) row[2], (String) row[3]));
			});
	}

	/**
	 * Records what a new request made, in the same transaction as the work.
	 * @param org the organisation
	 * @param idem the request's keys
	 * @param resourceId the resource created or acted on
	 * @param eventId the event recorded, or {@code null}
	 * @return completion
	 */
	public Mono<Void> complete(OrgId org, Idempotency idem, UUID resourceId, String eventId) {
		List<String> keys = idem.keys();
		if (keys.isEmpty()) {
			return Mono.empty();
		}
		DatabaseClient.GenericExecuteSpec spec = this.db
			.sql("UPDATE api_idempotency SET resource_id = :rid, event_id = :eid WHERE org_id = :org AND idem_key = ANY(:keys) "
					+ "AND resource_id IS NULL")
			.bind("rid", resourceId)
			.bind("org", org.value())
			.bind("keys", keys.toArray(String[]::new));
		spec = eventId == null ? spec.bindNull("eid", String.class) : spec.bind("eid", eventId);
		return spec.then();
	}

}
