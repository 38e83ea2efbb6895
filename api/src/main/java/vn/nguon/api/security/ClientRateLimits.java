package vn.nguon.api.security;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import vn.nguon.traceability.account.SignInThrottle;

/**
 * Per-client rate limits. Sign-in attempts are counted in PostgreSQL ({@link SignInThrottle}), so every
 * instance behind the proxy refuses together; the public resolver paths, far busier, with Resilience4j
 * rate limiters in memory, one per key, kept for the most recent {@value #MAX_KEYS} keys (each instance
 * counts its own share of a client's requests). Non-blocking: a request over the limit is refused at once
 * with the time to wait.
 */
@Component
public class ClientRateLimits {

	/** Sign-in attempts per client address. */
	public static final String SIGN_IN = "sign-in";

	/** Sign-in attempts per client address and e-mail address. */
	public static final String SIGN_IN_ACCOUNT = "sign-in-account";

	/** Requests on the public resolver paths per client address. */
	public static final String PUBLIC = "public";

	static final int MAX_KEYS = 50_000;

	private final Map<String, RateLimiterConfig> configs;

	private final Map<String, RateLimiter> limiters = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
			return size() > MAX_KEYS;
		}
	});

	private final SignInThrottle signIns;

	private final SecurityProperties properties;

	public ClientRateLimits(SecurityProperties properties, SignInThrottle signIns) {
		this.configs = Map.of(PUBLIC, perMinute(properties.publicPerMinute()));
		this.signIns = signIns;
		this.properties = properties;
	}

	/**
	 * Counts a sign-in attempt against both limits (per client address, and per address and account),
	 * shared by every instance.
	 * @param address the client address
	 * @param email the e-mail address tried
	 * @return empty when allowed, else how long to wait
	 */
	public Mono<Optional<Duration>> signIn(String address, String email) {
		return this.signIns.tryAcquire(SIGN_IN, address, this.properties.signInPerMinute())
			.flatMap(wait -> wait.isPresent() ? Mono.just(wait)
					: this.signIns.tryAcquire(SIGN_IN_ACCOUNT, address + "|" + email,
							this.properties.signInPerAccountPerMinute()));
	}

	/**
	 * Counts an attempt to change an account's password (which checks the current one), shared by every instance.
	 * @param userId the account
	 * @return empty when allowed, else how long to wait
	 */
	public Mono<Optional<Duration>> passwordChange(java.util.UUID userId) {
		return this.signIns.tryAcquire(SIGN_IN_ACCOUNT, "password-change|" + userId,
				this.properties.signInPerAccountPerMinute());
	}

	/**
	 * Takes one permit.
	 * @param limit {@link #PUBLIC}
	 * @param key the client (address, or address and account)
	 * @return empty when allowed, else how long to wait before retrying (at least one second)
	 */
	public Optional<Duration> tryAcquire(String limit, String key) {
		RateLimiterConfig config = this.configs.get(limit);
		if (config == null) {
			throw new IllegalArgumentException("Unknown rate limit " + limit);
		}
		RateLimiter limiter = this.limiters.computeIfAbsent(limit + '|' + key, name -> RateLimiter.of(name, config));
		if (limiter.acquirePermission()) {
			return Optional.empty();
		}
		long nanos = (limiter instanceof AtomicRateLimiter atomic) ? atomic.getDetailedMetrics().getNanosToWait()
				: config.getLimitRefreshPeriod().toNanos();
		long seconds = Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
		return Optional.of(Duration.ofSeconds(seconds));
	}

	private static RateLimiterConfig perMinute(int permits) {
		return RateLimiterConfig.custom()
			.limitForPeriod(permits)
			.limitRefreshPeriod(Duration.ofMinutes(1))
			.timeoutDuration(Duration.ZERO)
			.build();
	}

}
