package vn.nguon.api.grading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestAuth;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin retrains in the background (a tiny network here, see the test profile), follows its progress,
 * finds the candidate loaded but not active, and promotes it only when it is at least as good on the
 * held-out specimens as the active model; the active model can be switched back.
 */
@NguonIntegrationTest
class ModelLifecycleTests {

	@Autowired
	WebTestClient anonymous;

	@Value("${nguon.grading.base-data}")
	String baseData;

	@Test
	void retrainFollowPromoteOnlyWhenAtLeastAsGoodAndSwitchBack() throws Exception {
		Assumptions.assumeTrue(Files.isRegularFile(Path.of(this.baseData, "FILES.tsv")),
				"the base training data (../shared/datasets/produce-quality) is absent: retraining cannot run here");
		WebTestClient admin = TestAuth.asAdmin(this.anonymous).mutate().responseTimeout(Duration.ofSeconds(60)).build();
		JsonNode before = active(admin);

		String location = admin.post().uri("/api/grading/models/retrain").exchange()
			.expectStatus().isAccepted()
			.returnResult(String.class).getResponseHeaders().getLocation().toString();
		JsonNode job = admin.get().uri(location).exchange().expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		String version = job.path("version").asString();
		long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
		while ("running".equals(job.path("state").asString()) && System.nanoTime() < deadline) {
			Thread.sleep(500);
			job = admin.get().uri(location).exchange().expectStatus().isOk()
				.expectBody(JsonNode.class).returnResult().getResponseBody();
		}
		assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("done");
		assertThat(job.path("progress").asDouble()).isEqualTo(1.0);

		JsonNode candidate = model(admin, version);
		assertThat(candidate.path("active").asBoolean()).isFalse();
		assertThat(candidate.path("loaded").asBoolean()).isTrue();
		assertThat(candidate.path("source").asString()).isEqualTo("retrained");
		JsonNode held = candidate.path("metrics").path("heldOutSpecimens");
		assertThat(held.path("accuracy").isNumber()).as("evaluated on the held-out specimens").isTrue();
		JsonNode activeHeld = before.path("metrics").path("heldOutSpecimens");
		boolean atLeastAsGood = held.path("accuracy").asDouble() >= activeHeld.path("accuracy").asDouble()
				&& held.path("freshRottenConfusion").asDouble() <= activeHeld.path("freshRottenConfusion").asDouble();

		if (atLeastAsGood) {
			admin.post().uri("/api/grading/models/{v}/promote", version).exchange().expectStatus().isOk();
			assertThat(active(admin).path("version").asString()).isEqualTo(version);
			admin.post().uri("/api/grading/models/{v}/rollback", before.path("version").asString()).exchange()
				.expectStatus().isOk();
		}
		else {
			admin.post().uri("/api/grading/models/{v}/promote", version).exchange()
				.expectStatus().isEqualTo(HttpStatus.CONFLICT)
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody().jsonPath("$.type").value(t -> assertThat(String.valueOf(t)).endsWith("model-not-better"));
			admin.post().uri("/api/grading/models/{v}/rollback", version).exchange()
				.expectStatus().isEqualTo(HttpStatus.CONFLICT)
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		}
		assertThat(active(admin).path("version").asString()).isEqualTo(before.path("version").asString());
		assertThat(model(admin, version).path("active").asBoolean()).isFalse();
	}

	@Test
	void onlyAdminsRetrainAndUnknownJobsAreNotFound() {
		this.anonymous.post().uri("/api/grading/models/retrain").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		TestAuth.asAdmin(this.anonymous).get().uri("/api/grading/models/retrain/{id}", java.util.UUID.randomUUID())
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		TestAuth.asAdmin(this.anonymous).post().uri("/api/grading/models/{v}/promote", "no-such-model").exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private static JsonNode active(WebTestClient admin) {
		return models(admin).stream()
			.filter(m -> m.path("active").asBoolean() && "tomato".equals(m.path("product").asString()))
			.findFirst()
			.orElseThrow();
	}

	private static JsonNode model(WebTestClient admin, String version) {
		return models(admin).stream().filter(m -> version.equals(m.path("version").asString())).findFirst().orElseThrow();
	}

	private static List<JsonNode> models(WebTestClient admin) {
		JsonNode list = admin.get().uri("/api/grading/models").exchange().expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		return list.valueStream().toList();
	}

}
