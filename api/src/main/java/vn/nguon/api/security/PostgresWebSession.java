package vn.nguon.api.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;

import org.springframework.web.server.WebSession;

import vn.nguon.traceability.account.WebSessionRepository;
import vn.nguon.traceability.account.WebSessionRepository.StoredSession;

/**
 * One request's view of a session of {@link PostgresWebSessionStore}. {@link #save()} writes only
 * what changed: a started new session is inserted, changed attributes are updated, otherwise the
 * last access is written when the stored one is older than the touch interval. A session
 * invalidated meanwhile by another request or replica is not brought back.
 */
final class PostgresWebSession implements WebSession {

	private enum State {
		NEW, STARTED, EXPIRED
	}

	private final PostgresWebSessionStore store;

	private final AtomicReference<String> id;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final Instant creationTime;

	private final AtomicReference<State> state;

	private volatile Instant lastAccessTime;

	private volatile Duration maxIdleTime;

	/** What the row holds; {@code null} while the session was never stored. */
	private volatile StoredSession stored;

	/** A new session, not stored until started and saved. */
	PostgresWebSession(PostgresWebSessionStore store, String id, Instant now, Duration maxIdleTime) {
		this.store = store;
		this.id = new AtomicReference<>(id);
		this.creationTime = now;
		this.lastAccessTime = now;
		this.maxIdleTime = maxIdleTime;
		this.state = new AtomicReference<>(State.NEW);
	}

	/** A stored session, accessed now. */
	PostgresWebSession(PostgresWebSessionStore store, String id, StoredSession stored, Instant now) {
		this.store = store;
		this.id = new AtomicReference<>(id);
		this.creationTime = stored.createdAt();
		this.lastAccessTime = now;
		this.maxIdleTime = Duration.ofSeconds(stored.maxIdleSeconds());
		this.state = new AtomicReference<>(State.STARTED);
		this.attributes.putAll(SessionAttributes.decode(stored.attributes()));
		// compared in our own spelling (PostgreSQL's jsonb spells it differently), so an unchanged map is not written
		this.stored = new StoredSession(stored.idHash(), SessionAttributes.encode(this.attributes), stored.createdAt(),
				stored.lastAccessedAt(), stored.maxIdleSeconds());
	}

	@Override
	public String getId() {
		return this.id.get();
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	@Override
	public void start() {
		this.state.compareAndSet(State.NEW, State.STARTED);
	}

	@Override
	public boolean isStarted() {
		return this.state.get() != State.NEW || !this.attributes.isEmpty();
	}

	@Override
	public Mono<Void> changeSessionId() {
		return Mono.defer(() -> {
			String old = this.id.get();
			String next = PostgresWebSessionStore.newId();
			StoredSession row = this.stored;
			if (row == null) {
				this.id.set(next);
				return Mono.empty();
			}
			String nextHash = PostgresWebSessionStore.hash(next);
			return this.store.repository().rename(PostgresWebSessionStore.hash(old), nextHash)
				.then(Mono.fromRunnable(() -> {
					this.id.set(next);
					this.stored = new StoredSession(nextHash, row.attributes(), row.createdAt(), row.lastAccessedAt(),
							row.maxIdleSeconds());
				}));
		});
	}

	@Override
	public Mono<Void> invalidate() {
		return Mono.defer(() -> {
			this.state.set(State.EXPIRED);
			this.attributes.clear();
			StoredSession row = this.stored;
			this.stored = null;
			return (row == null) ? Mono.empty() : this.store.repository().delete(row.idHash());
		});
	}

	@Override
	public Mono<Void> save() {
		return Mono.defer(() -> {
			if (!this.attributes.isEmpty()) {
				this.state.compareAndSet(State.NEW, State.STARTED);
			}
			if (this.state.get() == State.EXPIRED || !isStarted()) {
				// an invalidated session's row is already gone; a new one never started needs none
				return Mono.empty();
			}
			StoredSession row = this.stored;
			StoredSession next = new StoredSession(PostgresWebSessionStore.hash(getId()),
					SessionAttributes.encode(this.attributes), this.creationTime, this.lastAccessTime, idleSeconds());
			WebSessionRepository repository = this.store.repository();
			if (row == null) {
				return repository.insert(next).doOnSuccess(v -> this.stored = next);
			}
			if (!row.attributes().equals(next.attributes()) || row.maxIdleSeconds() != next.maxIdleSeconds()) {
				return repository.update(next).doOnNext(found -> this.stored = found ? next : null).then();
			}
			Duration stale = Duration.between(row.lastAccessedAt(), this.lastAccessTime);
			if (stale.compareTo(PostgresWebSessionStore.touchInterval(Duration.ofSeconds(idleSeconds()))) >= 0) {
				return repository.touch(next.idHash(), next.lastAccessedAt(), next.maxIdleSeconds())
					.doOnSuccess(v -> this.stored = next);
			}
			return Mono.empty();
		});
	}

	@Override
	public boolean isExpired() {
		if (this.state.get() == State.EXPIRED) {
			return true;
		}
		if (this.lastAccessTime.plusSeconds(idleSeconds()).isBefore(this.store.clock().instant())) {
			this.state.set(State.EXPIRED);
			return true;
		}
		return false;
	}

	@Override
	public Instant getCreationTime() {
		return this.creationTime;
	}

	@Override
	public Instant getLastAccessTime() {
		return this.lastAccessTime;
	}

	@Override
	public void setMaxIdleTime(Duration maxIdleTime) {
		this.maxIdleTime = maxIdleTime;
	}

	@Override
	public Duration getMaxIdleTime() {
		return this.maxIdleTime;
	}

	void accessed(Instant now) {
		this.lastAccessTime = now;
	}

	/** Negative or zero idle times (never expire, in Spring's terms) are kept for a year. */
	private long idleSeconds() {
		long seconds = this.maxIdleTime.toSeconds();
		return (seconds > 0) ? Math.min(seconds, Integer.MAX_VALUE) : Duration.ofDays(365).toSeconds();
	}

}
