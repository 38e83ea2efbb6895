package vn.nguon.api.security;

import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import vn.nguon.traceability.TraceabilityException;

/**
 * Hashes and checks passwords with Argon2id (bcrypt hashes are still accepted), off the event
 * loop on a small bounded scheduler so that a burst of sign-ins cannot starve the service.
 */
@Component
public class Passwords implements DisposableBean {

	/** Shortest accepted password. */
	public static final int MIN_LENGTH = 10;

	/** Longest accepted password (bounds hashing work). */
	public static final int MAX_LENGTH = 128;

	private final PasswordEncoder encoder = new DelegatingPasswordEncoder("argon2",
			Map.of("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(), "bcrypt",
					new BCryptPasswordEncoder()));

	private final Scheduler scheduler = Schedulers.newBoundedElastic(
			Math.max(1, Runtime.getRuntime().availableProcessors()), 256, "passwords");

	/** A hash compared against when the account is unknown, so both cases take as long. */
	private final Mono<String> dummy = Mono.fromCallable(() -> this.encoder.encode("not-a-password-" + System.nanoTime()))
		.subscribeOn(this.scheduler)
		.cache();

	/**
	 * @param raw a new password
	 * @return its encoded hash
	 * @throws TraceabilityException {@code weak-password} when shorter than {@value #MIN_LENGTH}
	 * or longer than {@value #MAX_LENGTH} characters
	 */
	public Mono<String> hash(String raw) {
		return Mono.fromCallable(() -> this.encoder.encode(checkPolicy(raw))).subscribeOn(this.scheduler);
	}

	/**
	 * @param raw a presented password
	 * @param encoded the stored hash, or {@code null} when the account is unknown
	 * @return whether they match (always {@code false} for an unknown account, after the same work)
	 */
	public Mono<Boolean> matches(String raw, String encoded) {
		if (raw == null || raw.length() > MAX_LENGTH) {
			return Mono.just(false);
		}
		if (encoded == null) {
			return this.dummy.flatMap(d -> Mono.fromCallable(() -> {
				this.encoder.matches(raw, d);
				return false;
			})
				.subscribeOn(this.scheduler));
		}
		return Mono.fromCallable(() -> this.encoder.matches(raw, encoded)).subscribeOn(this.scheduler);
	}

	static String checkPolicy(String raw) {
		if (raw == null || raw.length() < MIN_LENGTH || raw.length() > MAX_LENGTH) {
			throw TraceabilityException.invalid("weak-password",
					"A password must have " + MIN_LENGTH + " to " + MAX_LENGTH + " characters.", MIN_LENGTH,
					MAX_LENGTH);
		}
		return raw;
	}

	@Override
	public void destroy() {
		this.scheduler.dispose();
	}

}
