package vn.nguon.traceability.account;

import java.time.Instant;
import java.util.regex.Pattern;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Rows of {@code web_session}: browser sessions shared by all replicas, found by the SHA-256 of
 * their id (callers hash the id first; the id itself never reaches this class). Attributes are
 * opaque JSON here. Every time is passed in, so callers (and tests) decide what "now" is.
 */
@Repository
public class WebSessionRepository {

	private static final Pattern HASH = Pattern.compile("^[0-9a-f]{64}$");

	private final DatabaseClient db;

	public WebSessionRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * A stored session.
	 * @param idHash hex SHA-256 of the session id
	 * @param attributes attributes as JSON
	 * @param createdAt creation time
	 * @param lastAccessedAt last recorded access
	 * @param maxIdleSeconds idle time after which it expires
	 */
	public record StoredSession(String idHash, String attributes, Instant createdAt, Instant lastAccessedAt,
			long maxIdleSeconds) {

		/** @return when the session expires unless accessed again */
		public Instant expiresAt() {
			return this.lastAccessedAt.plusSeconds(this.maxIdleSeconds);
		}

	}

	/** @return the session unless unknown or expired at {@code now} */
	public Mono<StoredSession> find(String idHash, Instant now) {
		if (idHash == null || !HASH.matcher(idHash).matches()) {
			return Mono.empty();
		}
		return this.db.sql("SELECT id, attributes, created_at, last_accessed_at, max_idle_seconds FROM web_session"
				+ " WHERE id = :id AND expires_at > :now")
			.bind("id", idHash)
			.bind("now", now)
			.map(WebSessionRepository::session)
			.one();
	}

	/** Stores a new session. */
	public Mono<Void> insert(StoredSession s) {
		return this.db.sql("INSERT INTO web_session (id, attributes, created_at, last_accessed_at, max_idle_seconds,"
				+ " expires_at) VALUES (:id, :attributes, :created, :accessed, :idle, :expires)")
			.bind("id", checkHash(s.idHash()))
			.bind("attributes", Json.of(s.attributes()))
			.bind("created", s.createdAt())
			.bind("accessed", s.lastAccessedAt())
			.bind("idle", (int) s.maxIdleSeconds())
			.bind("expires", s.expiresAt())
			.then();
	}

	/**
	 * Updates a stored session; one removed meanwhile (signed out elsewhere) stays removed.
	 * @return whether the session still existed
	 */
	public Mono<Boolean> update(StoredSession s) {
		return this.db.sql("UPDATE web_session SET attributes = :attributes, last_accessed_at = :accessed,"
				+ " max_idle_seconds = :idle, expires_at = :expires WHERE id = :id")
			.bind("id", checkHash(s.idHash()))
			.bind("attributes", Json.of(s.attributes()))
			.bind("accessed", s.lastAccessedAt())
			.bind("idle", (int) s.maxIdleSeconds())
			.bind("expires", s.expiresAt())
			.fetch()
			.rowsUpdated()
			.map(n -> n > 0);
	}

	/** Records an access (and so pushes the expiry) without touching the attributes. */
	public Mono<Void> touch(String idHash, Instant accessedAt, long maxIdleSeconds) {
		return this.db.sql("UPDATE web_session SET last_accessed_at = :accessed, max_idle_seconds = :idle,"
				+ " expires_at = :expires WHERE id = :id")
			.bind("id", checkHash(idHash))
			.bind("accessed", accessedAt)
			.bind("idle", (int) maxIdleSeconds)
			.bind("expires", accessedAt.plusSeconds(maxIdleSeconds))
			.then();
	}

	/** Gives a stored session a new id; the old one stops working at once. */
	public Mono<Void> rename(String oldIdHash, String newIdHash) {
		return this.db.sql("UPDATE web_session SET id = :new WHERE id = :old")
			.bind("old", checkHash(oldIdHash))
			.bind("new", checkHash(newIdHash))
			.then();
	}

	/** Removes a session (sign-out, invalidation). */
	public Mono<Void> delete(String idHash) {
		if (idHash == null || !HASH.matcher(idHash).matches()) {
			return Mono.empty();
		}
		return this.db.sql("DELETE FROM web_session WHERE id = :id").bind("id", idHash).then();
	}

	/**
	 * Removes sessions expired before {@code now}, at most {@code limit} of them per call.
	 * @return how many were removed
	 */
	public Mono<Long> deleteExpired(Instant now, int limit) {
		return this.db.sql("DELETE FROM web_session WHERE id IN (SELECT id FROM web_session WHERE expires_at <= :now"
				+ " LIMIT :limit)")
			.bind("now", now)
			.bind("limit", limit)
			.fetch()
			.rowsUpdated();
	}

	private static StoredSession session(Readable row) {
		Json attributes = row.get("attributes", Json.class);
		Integer idle = row.get("max_idle_seconds", Integer.class);
		return new StoredSession(row.get("id", String.class), attributes == null ? "{}" : attributes.asString(),
				AccountRepository.instant(row, "created_at"), AccountRepository.instant(row, "last_accessed_at"),
				idle == null ? 0 : idle);
	}

	private static String checkHash(String hash) {
		if (hash == null || !HASH.matcher(hash).matches()) {
			throw new IllegalArgumentException("Expected a lower-case hex SHA-256");
		}
		return hash;
	}

}
