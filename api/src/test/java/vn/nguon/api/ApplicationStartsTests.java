package vn.nguon.api;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

@NguonIntegrationTest
class ApplicationStartsTests {

	@Autowired
	WebTestClient client;

	@Autowired
	HealthEndpointGroups healthGroups;

	@Autowired
	ReactiveHealthContributorRegistry healthContributors;

	@Test
	void whenStartedThenHealthIsUp() {
		this.client.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.status").isEqualTo("UP");
	}

	@Test
	void whenApiCalledWithoutCredentialsThenProblem401() {
		this.client.get().uri("/api/anything").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(401);
	}

	@Test
	void whenReadinessAskedThenTheDatabaseIsChecked() {
		assertThat(this.healthContributors.getContributor("r2dbc")).isNotNull();
		assertThat(this.healthGroups.get("readiness").isMember("r2dbc")).isTrue();
		assertThat(this.healthGroups.get("liveness").isMember("r2dbc")).isFalse();
		this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.status").isEqualTo("UP");
	}

}
