package vn.nguon.api.security;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

import org.springframework.stereotype.Component;

/**
 * Per-client rate limits (Resilience4j rate limiters, one per limit and key, kept for the most
 * recent {@value #MAX_KEYS} keys). Non-blocking: a request over the limit is refused at once with
 * the time to wait.
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

	public ClientRateLimits(SecurityProperties properties) {
		this.configs = Map.of(SIGN_IN, perMinute(properties.signInPerMinute()), SIGN_IN_ACCOUNT,
				perMinute(properties.signInPerAccountPerMinute()), PUBLIC, perMinute(properties.publicPerMinute()));
	}

	/**
	 * Takes one permit.
	 * @param limit {@link #SIGN_IN}, {@link #SIGN_IN_ACCOUNT} or {@link #PUBLIC}
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
