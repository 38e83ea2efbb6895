package vn.nguon.traceability.subscription;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

import vn.nguon.traceability.organisation.OrgId;

/** Failed deliveries: their retries with backoff, the batches given up as dead letters, and their replay. */
final class DeadLetters {

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private final DatabaseClient db;

	private final SubscriptionSettings settings;

	private final Leases leases;

	private final WebhookPoster poster;

	DeadLetters(DatabaseClient db, SubscriptionSettings settings, Leases leases, WebhookPoster poster) {
		this.db = db;
		this.settings = settings;
		this.leases = leases;
		this.poster = poster;
	}

	/**
	 * A failed delivery: retried with backoff until the last attempt, then the batch becomes a dead letter
	 * and the cursors move past it.
	 */
	Mono<Void> failed(Leases.Claimed s, byte[] body, Long firstSeq, Long lastSeq, int count, long cursorAfter,
			long alertCursorAfter, String error, Instant nextRun) {
		int attempts = s.attempts() + 1;
		if (attempts < this.settings.maxAttempts()) {
			Instant retry = Instant.now().plus(this.settings.backoff(attempts));
			return this.db.sql("""
					UPDATE subscription SET attempts = $3, next_attempt_at = $4, last_error = $5,
						lease_owner = NULL, lease_until = NULL
					WHERE id = $1 AND lease_owner = $2""")
				.bind(0, s.id())
				.bind(1, this.leases.instanceId())
				.bind(2, attempts)
				.bind(3, OffsetDateTime.ofInstant(retry, ZoneOffset.UTC))
				.bind(4, error)
				.then();
		}
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				WITH moved AS (
					UPDATE subscription SET cursor_seq = $3, alert_cursor = $4, attempts = 0, next_attempt_at = $5,
						last_error = $6, lease_owner = NULL, lease_until = NULL
					WHERE id = $1 AND lease_owner = $2
					RETURNING id, org_id
				)
				INSERT INTO subscription_dead_letter (id, subscription_id, org_id, body, first_seq, last_seq, event_count,
					attempts, last_error)
				SELECT $7, id, org_id, $8, $9, $10, $11, $12, $6 FROM moved""")
			.bind(0, s.id())
			.bind(1, this.leases.instanceId())
			.bind(2, cursorAfter)
			.bind(3, alertCursorAfter)
			.bind(4, OffsetDateTime.ofInstant(nextRun, ZoneOffset.UTC))
			.bind(5, error)
			.bind(6, UUID.randomUUID())
			.bind(7, new String(body, StandardCharsets.UTF_8));
		spec = firstSeq == null ? spec.bindNull(8, Long.class) : spec.bind(8, firstSeq);
		spec = lastSeq == null ? spec.bindNull(9, Long.class) : spec.bind(9, lastSeq);
		return spec.bind(10, count).bind(11, attempts).then()
			.doOnSuccess(v -> log.warn("Subscription {} gave up a batch after {} attempts: {}", s.id(), attempts, error));
	}

	/**
	 * Sends a dead letter again, exactly as stored, to its subscription's destination (signed
	 * anew with the subscription's token).
	 * @param org the caller's organisation
	 * @param id the dead letter
	 * @return empty string when the receiver answered 2xx (the letter is marked replayed), else the failure
	 */
	Mono<String> replay(OrgId org, UUID id) {
		return this.db.sql("""
				SELECT d.body, s.dest, s.signature_token FROM subscription_dead_letter d
				JOIN subscription s ON s.id = d.subscription_id WHERE d.id = $1 AND d.org_id = $2""")
			.bind(0, id)
			.bind(1, org.value())
			.map(row -> new String[] { row.get("body", String.class), row.get("dest", String.class),
					row.get("signature_token", String.class) })
			.one()
			.switchIfEmpty(Mono.error(() -> vn.nguon.traceability.TraceabilityException.notFound(
					"subscription-no-such-dead-letter", "No dead letter " + id + ".", id.toString())))
			.flatMap(r -> this.poster.post(r[1], r[2], r[0].getBytes(StandardCharsets.UTF_8)))
			.flatMap(error -> error.isEmpty()
					? this.db.sql("UPDATE subscription_dead_letter SET replayed_at = now() WHERE id = $1").bind(0, id).then()
						.thenReturn(error)
					: Mono.just(error));
	}

}
