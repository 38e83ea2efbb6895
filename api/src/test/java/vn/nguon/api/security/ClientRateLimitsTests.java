package vn.nguon.api.security;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientRateLimitsTests {

	final ClientRateLimits limits = new ClientRateLimits(new SecurityProperties(true, null, 3, 2, 4), null);

	@Test
	void whenLimitSpentThenRefusedWithTimeToWait() {
		for (int i = 0; i < 4; i++) {
			assertThat(this.limits.tryAcquire(ClientRateLimits.PUBLIC, "203.0.113.7")).isEmpty();
		}
		Optional<Duration> wait = this.limits.tryAcquire(ClientRateLimits.PUBLIC, "203.0.113.7");
		assertThat(wait).isPresent();
		assertThat(wait.get()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60));
	}

	@Test
	void eachClientHasItsOwnLimit() {
		for (int i = 0; i < 4; i++) {
			this.limits.tryAcquire(ClientRateLimits.PUBLIC, "a");
		}
		assertThat(this.limits.tryAcquire(ClientRateLimits.PUBLIC, "a")).isPresent();
		assertThat(this.limits.tryAcquire(ClientRateLimits.PUBLIC, "b")).isEmpty();
	}

}
