package vn.nguon.api.security;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.traceability.account.SignInThrottle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in attempts are counted in PostgreSQL: two instances (two throttles over the same database) share
 * one count, so spreading guesses over replicas gains nothing; other clients are not affected.
 */
@NguonIntegrationTest
class SharedSignInLimitTests {

	@Autowired
	DatabaseClient db;

	@Test
	void twoInstancesCountTheSameAttempts() {
		SignInThrottle first = new SignInThrottle(this.db);
		SignInThrottle second = new SignInThrottle(this.db);
		String client = "198.51.100." + UUID.randomUUID();
		assertThat(first.tryAcquire("sign-in", client, 3).block()).isEmpty();
		assertThat(second.tryAcquire("sign-in", client, 3).block()).isEmpty();
		assertThat(first.tryAcquire("sign-in", client, 3).block()).isEmpty();
		Optional<Duration> wait = second.tryAcquire("sign-in", client, 3).block();
		assertThat(wait).as("the fourth attempt, on the other instance").isPresent();
		assertThat(wait.get()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60));
		assertThat(second.tryAcquire("sign-in", "198.51.100." + UUID.randomUUID(), 3).block()).as("another client").isEmpty();
		assertThat(second.tryAcquire("sign-in-account", client, 3).block()).as("another limit").isEmpty();
	}

}
