package vn.nguon.traceability.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * Limits of sign-in attempts shared by every instance: attempts are counted per client key and minute in
 * {@code sign_in_attempt} ({@code V50}) with one upsert, so replicas behind a proxy refuse together. The
 * keys are stored as SHA-256 hashes. About one call in a hundred sweeps the rows older than five minutes.
 */
@Service
public class SignInThrottle {

	private static final String COUNT = """
			INSERT INTO sign_in_attempt (bucket, window_start, attempts) VALUES ($1, date_trunc('minute', now()), 1)
			ON CONFLICT (bucket, window_start) DO UPDATE SET attempts = sign_in_attempt.attempts + 1
			RETURNING attempts, ceil(extract(epoch FROM date_trunc('minute', now()) + interval '1 minute' - now()))::int AS wait
			""";

	private final DatabaseClient db;

	public SignInThrottle(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Counts one attempt.
	 * @param limit the name of the limit ({@code sign-in}, {@code sign-in-account})
	 * @param key the client key (its address, or address and account)
	 * @param perMinute attempts allowed per minute
	 * @return empty when allowed, else how long to wait (to the end of the minute, at least one second)
	 */
	public Mono<Optional<Duration>> tryAcquire(String limit, String key, int perMinute) {
		Mono<Void> sweep = ThreadLocalRandom.current().nextInt(100) == 0
				? this.db.sql("DELETE FROM sign_in_attempt WHERE window_start < now() - interval '5 minutes'").then()
				: Mono.empty();
		return sweep.then(this.db.sql(COUNT)
			.bind(0, bucket(limit, key))
			.map((row, meta) -> {
				int attempts = row.get("attempts", Integer.class);
				int wait = row.get("wait", Integer.class);
				return attempts > perMinute ? Optional.of(Duration.ofSeconds(Math.max(1, wait)))
						: Optional.<Duration>empty();
			})
			.one());
	}

	static String bucket(String limit, String key) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha.digest((limit + "\n" + key).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
