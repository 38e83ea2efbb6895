package vn.nguon.traceability.subscription;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;

import vn.nguon.traceability.organisation.OrgId;

/**
 * Subscriptions leased to one dispatcher instance ({@code FOR UPDATE SKIP LOCKED}, with a time limit so a
 * dead instance's leases lapse): claiming the due ones, and giving each back done or untouched.
 */
final class Leases {

	private static final TypeReference<Map<String, List<String>>> PARAMS = new TypeReference<>() {
	};

	private final DatabaseClient db;

	private final SubscriptionSettings settings;

	private final JsonMapper json;

	private final String instanceId;

	Leases(DatabaseClient db, SubscriptionSettings settings, JsonMapper json, String instanceId) {
		this.db = db;
		this.settings = settings;
		this.json = json;
		this.instanceId = instanceId;
	}

	/** @return the instance that holds the leases */
	String instanceId() {
		return this.instanceId;
	}

	/** A claimed subscription with what delivery needs. */
	record Claimed(UUID id, OrgId org, String queryName, String dest, boolean stream, Schedule schedule,
			boolean reportIfEmpty, String token, long cursor, long alertCursor, int attempts,
			Map<String, List<String>> params) {
	}

	/** @return up to 64 due subscriptions, leased to this instance */
	Flux<Claimed> claim() {
		return this.db.sql("""
				UPDATE subscription s SET lease_owner = $1, lease_until = now() + make_interval(secs => $2)
				WHERE s.id IN (SELECT id FROM subscription WHERE next_attempt_at <= now()
					AND (lease_until IS NULL OR lease_until < now())
					ORDER BY next_attempt_at LIMIT 64 FOR UPDATE SKIP LOCKED)
				RETURNING s.id, s.org_id, s.query_name, s.dest, s.stream, s.schedule::text AS schedule, s.report_if_empty,
					s.signature_token, s.cursor_seq, s.alert_cursor, s.attempts,
					(SELECT q.params::text FROM named_query q WHERE q.org_id = s.org_id AND q.name = s.query_name) AS params""")
			.bind(0, this.instanceId)
			.bind(1, this.settings.lease().toMillis() / 1000.0)
			.map(this::claimed)
			.all();
	}

	private Claimed claimed(Readable row) {
		String schedule = row.get("schedule", String.class);
		return new Claimed(row.get("id", UUID.class), OrgId.of(row.get("org_id", UUID.class)),
				row.get("query_name", String.class), row.get("dest", String.class), row.get("stream", Boolean.class),
				schedule == null ? null : new Schedule(this.json.readValue(schedule, new TypeReference<Map<String, String>>() {
				})), row.get("report_if_empty", Boolean.class), row.get("signature_token", String.class),
				row.get("cursor_seq", Long.class), row.get("alert_cursor", Long.class), row.get("attempts", Integer.class),
				this.json.readValue(row.get("params", String.class), PARAMS));
	}

	/** Moves the cursors, clears the attempts and the lease, schedules the next run. */
	Mono<Void> done(Claimed s, long cursor, long alertCursor, Instant next, boolean delivered) {
		return this.db.sql("""
				UPDATE subscription SET cursor_seq = $3, alert_cursor = $4, attempts = 0, next_attempt_at = $5,
					last_error = CASE WHEN $6 THEN NULL ELSE last_error END,
					last_delivered_at = CASE WHEN $6 THEN now() ELSE last_delivered_at END,
					lease_owner = NULL, lease_until = NULL
				WHERE id = $1 AND lease_owner = $2""")
			.bind(0, s.id())
			.bind(1, this.instanceId)
			.bind(2, cursor)
			.bind(3, alertCursor)
			.bind(4, OffsetDateTime.ofInstant(next, ZoneOffset.UTC))
			.bind(5, delivered)
			.then();
	}

	/** Gives a subscription back without a change (its delivery broke). */
	Mono<Void> release(Claimed s) {
		return this.db.sql("UPDATE subscription SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2")
			.bind(0, s.id())
			.bind(1, this.instanceId)
			.then();
	}

}
