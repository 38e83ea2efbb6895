package vn.nguon.api.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Session and rate-limit settings ({@code nguon.security.*}).
 *
 * @param cookieSecure whether session and CSRF cookies carry {@code Secure} ({@code NGUON_COOKIE_SECURE};
 * turn off only for local plain http)
 * @param sessionTimeout idle time after which a browser session ends
 * @param signInPerMinute sign-in attempts per client address per minute
 * @param signInPerAccountPerMinute sign-in attempts per client address and e-mail address per minute
 * @param publicPerMinute requests per client address per minute on the public resolver paths
 * ({@code /01/**}, {@code /qr/**})
 */
@ConfigurationProperties("nguon.security")
public record SecurityProperties(Boolean cookieSecure, Duration sessionTimeout, Integer signInPerMinute,
		Integer signInPerAccountPerMinute, Integer publicPerMinute) {

	public SecurityProperties {
		cookieSecure = cookieSecure == null || cookieSecure;
		sessionTimeout = sessionTimeout == null ? Duration.ofHours(8) : sessionTimeout;
		signInPerMinute = positive(signInPerMinute, 30, "sign-in-per-minute");
		signInPerAccountPerMinute = positive(signInPerAccountPerMinute, 5, "sign-in-per-account-per-minute");
		publicPerMinute = positive(publicPerMinute, 600, "public-per-minute");
	}

	private static Integer positive(Integer value, int fallback, String name) {
		if (value == null) {
			return fallback;
		}
		if (value < 1) {
			throw new IllegalArgumentException("nguon.security." + name + " must be at least 1");
		}
		return value;
	}

}
