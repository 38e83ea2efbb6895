package vn.nguon.api.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document: named and versioned, "Authorize" possible, every operation summarised with its problems. */
@NguonIntegrationTest
class ApiDocsTests {

	@Autowired
	WebTestClient client;

	@Test
	void everyOperationHasASummaryAndItsProblemAnswersAndBothWaysToAuthenticateAreDescribed() {
		JsonNode doc = this.client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(doc.at("/info/title").asString()).isEqualTo("Nguồn API");
		assertThat(doc.at("/info/version").asString()).isNotBlank().isNotEqualTo("v0");
		assertThat(doc.at("/components/securitySchemes/bearerToken/scheme").asString()).isEqualTo("bearer");
		assertThat(doc.at("/components/securitySchemes/sessionCookie/in").asString()).isEqualTo("cookie");
		List<String> unsummarised = new ArrayList<>();
		List<String> withoutProblems = new ArrayList<>();
		int operations = 0;
		for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
			for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
				operations++;
				String name = op.getKey().toUpperCase() + " " + path.getKey();
				if (op.getValue().path("summary").asString("").isBlank()) {
					unsummarised.add(name);
				}
				if (!op.getValue().path("responses").has("400")
						|| !op.getValue().at("/responses/401/content").has("application/problem+json")) {
					withoutProblems.add(name);
				}
			}
		}
		assertThat(operations).isGreaterThan(60);
		assertThat(unsummarised).isEmpty();
		assertThat(withoutProblems).isEmpty();
	}

}
