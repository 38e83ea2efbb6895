package vn.nguon.traceability.subscription;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of named queries and subscription delivery (properties {@code nguon.subscriptions.*}).
 *
 * @param enabled whether this instance runs a dispatcher
 * @param pollInterval how often the dispatcher looks for work without a notification
 * @param gapGrace how long a hole in the seq order must have been seen, besides every
 * transaction that could fill it having ended, before the tail moves past it
 * @param maxAttempts failed attempts after which a batch goes to the dead letters
 * @param backoffInitial wait after the first failure (doubled after each further one)
 * @param backoffMax longest wait between attempts
 * @param batchSize most events per callback
 * @param lease how long an instance owns a subscription while delivering
 * @param requestTimeout timeout of one webhook call
 * @param allowLoopback whether webhooks may go to loopback addresses (tests, local development)
 * @param allowPrivate whether webhooks may go to private networks (10/8, 172.16/12, 192.168/16, fc00::/7)
 */
@ConfigurationProperties("nguon.subscriptions")
public record SubscriptionSettings(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("500ms") Duration gapGrace, @DefaultValue("8") int maxAttempts,
		@DefaultValue("500ms") Duration backoffInitial, @DefaultValue("5m") Duration backoffMax,
		@DefaultValue("500") int batchSize, @DefaultValue("30s") Duration lease,
		@DefaultValue("10s") Duration requestTimeout, @DefaultValue("false") boolean allowLoopback,
		@DefaultValue("false") boolean allowPrivate) {

	public SubscriptionSettings {
		if (maxAttempts < 1 || batchSize < 1) {
			throw new IllegalArgumentException("nguon.subscriptions.max-attempts and batch-size must be positive");
		}
	}

	/** @return the wait after {@code failures} failed attempts */
	Duration backoff(int failures) {
		long ms = this.backoffInitial.toMillis() << Math.min(30, Math.max(0, failures - 1));
		return Duration.ofMillis(Math.min(ms, this.backoffMax.toMillis()));
	}

}
