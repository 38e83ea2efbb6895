package vn.nguon.api;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;

@NguonIntegrationTest
class ApplicationStartsTests {

	@Autowired
	WebTestClient client;

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

}
