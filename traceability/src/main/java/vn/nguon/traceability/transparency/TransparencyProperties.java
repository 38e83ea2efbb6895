package vn.nguon.traceability.transparency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the transparency log ({@code nguon.transparency.*}).
 *
 * @param enabled whether the appender runs ({@code NGUON_TRANSPARENCY_ENABLED}); when off, events
 * are stored but not logged, and the public endpoints answer from what was logged before
 * @param headInterval how often a new signed tree head is published when the tree grew
 * @param appendInterval how often the appender looks for new events (one batch per tick)
 * @param batchSize at most this many events are appended per tick
 * @param gapGrace how long a hole in the event sequence (a transaction still running, or rolled
 * back) is watched before the appender asks PostgreSQL whether anything can still fill it
 * @param privateKey the log's Ed25519 private key, PKCS#8 DER in base64
 * ({@code NGUON_LOG_PRIVATE_KEY}); when empty, a key is read from (or generated into)
 * {@code <dataDir>/transparency-log-key.pk8}
 * @param dataDir directory for the generated key file ({@code NGUON_DATA_DIR})
 */
@ConfigurationProperties("nguon.transparency")
public record TransparencyProperties(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration headInterval,
		@DefaultValue("500ms") Duration appendInterval, @DefaultValue("5000") int batchSize,
		@DefaultValue("10s") Duration gapGrace, String privateKey, @DefaultValue("data") String dataDir) {

	public TransparencyProperties {
		if (headInterval.isNegative() || headInterval.isZero()) {
			throw new IllegalArgumentException("nguon.transparency.head-interval must be positive");
		}
		if (appendInterval.isNegative() || appendInterval.isZero()) {
			throw new IllegalArgumentException("nguon.transparency.append-interval must be positive");
		}
		if (batchSize < 1 || batchSize > 100_000) {
			throw new IllegalArgumentException("nguon.transparency.batch-size must be between 1 and 100000");
		}
	}

}
