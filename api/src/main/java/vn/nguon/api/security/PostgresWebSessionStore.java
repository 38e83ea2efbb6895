package vn.nguon.api.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import reactor.core.publisher.Mono;

import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.WebSessionStore;

import vn.nguon.traceability.account.WebSessionRepository;

/**
 * Browser sessions in PostgreSQL ({@code web_session}), so every replica sees every session and a
 * restart signs nobody out. Ids are 256 random bits; only their SHA-256 is stored. A retrieved
 * session that has expired is not found; the last access is written at most once per
 * {@link #touchInterval} (a minute, or half the idle time when that is shorter).
 */
public final class PostgresWebSessionStore implements WebSessionStore {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final WebSessionRepository repository;

	private final Duration maxIdleTime;

	private final Clock clock;

	/**
	 * @param repository the table
	 * @param maxIdleTime idle time of new sessions
	 * @param clock what "now" is
	 */
	public PostgresWebSessionStore(WebSessionRepository repository, Duration maxIdleTime, Clock clock) {
		if (maxIdleTime.isNegative() || maxIdleTime.isZero()) {
			throw new IllegalArgumentException("The session timeout must be positive");
		}
		this.repository = repository;
		this.maxIdleTime = maxIdleTime;
		this.clock = clock;
	}

	@Override
	public Mono<WebSession> createWebSession() {
		return Mono.fromSupplier(() -> new PostgresWebSession(this, newId(), this.clock.instant(), this.maxIdleTime));
	}

	@Override
	public Mono<WebSession> retrieveSession(String sessionId) {
		return Mono.defer(() -> this.repository.find(hash(sessionId), this.clock.instant())
			.map(stored -> new PostgresWebSession(this, sessionId, stored, this.clock.instant())));
	}

	@Override
	public Mono<Void> removeSession(String sessionId) {
		return Mono.defer(() -> this.repository.delete(hash(sessionId)));
	}

	@Override
	public Mono<WebSession> updateLastAccessTime(WebSession webSession) {
		return Mono.fromSupplier(() -> {
			((PostgresWebSession) webSession).accessed(this.clock.instant());
			return webSession;
		});
	}

	/** @return how stale the stored last access of a session with this idle time may get */
	static Duration touchInterval(Duration maxIdle) {
		Duration half = maxIdle.dividedBy(2);
		return half.compareTo(Duration.ofMinutes(1)) < 0 ? half : Duration.ofMinutes(1);
	}

	/** @return the stored key of a session id */
	public static String hash(String sessionId) {
		return sessionId == null ? null : TokenSecrets.sha256Hex(sessionId);
	}

	WebSessionRepository repository() {
		return this.repository;
	}

	Clock clock() {
		return this.clock;
	}

	static String newId() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
