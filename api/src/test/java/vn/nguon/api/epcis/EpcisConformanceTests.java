package vn.nguon.api.epcis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Schema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.traceability.epcis.EventHash;
import vn.nguon.traceability.epcis.EventParser;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every official EPCIS 2.0 example (from {@code ../shared}) and our own farm-to-market story is
 * captured through {@code POST /epcis/capture}, read back through {@code GET /epcis/events}; what
 * comes back validates against the official JSON schema and keeps every field that was sent.
 */
@NguonIntegrationTest
class EpcisConformanceTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	OrganisationRepository organisations;

	@Autowired
	JsonMapper json;

	@TestFactory
	List<DynamicTest> everyOfficialExampleIsCapturedAndReadBackSchemaValid() throws Exception {
		Schema schema = EpcisTestSupport.schema(this.json);
		List<DynamicTest> tests = new ArrayList<>();
		for (Path example : EpcisTestSupport.officialExamples(this.json)) {
			tests.add(DynamicTest.dynamicTest(example.getFileName().toString(),
					() -> captureAndReadBack(Files.readAllBytes(example), schema)));
		}
		assertThat(tests).hasSizeGreaterThanOrEqualTo(15);
		return tests;
	}

	@TestFactory
	List<DynamicTest> farmToMarketStoryIsCapturedAndReadBackSchemaValid() throws Exception {
		Schema schema = EpcisTestSupport.schema(this.json);
		List<DynamicTest> tests = new ArrayList<>();
		for (String name : List.of("farm-to-market.jsonld", "recall.jsonld")) {
			byte[] bytes = new ClassPathResource("epcis/story/" + name).getContentAsByteArray();
			tests.add(DynamicTest.dynamicTest(name, () -> captureAndReadBack(bytes, schema)));
		}
		return tests;
	}

	void captureAndReadBack(byte[] document, Schema schema) {
		JsonNode sent = this.json.readTree(document);
		assertThat(EpcisTestSupport.validate(schema, sent)).as("the example itself is schema-valid").isEmpty();
		OrgId org = EpcisTestSupport.freshOrganisation(this.organisations);
		WebTestClient client = EpcisTestSupport.clientFor(this.context, org);
		String location = client.post().uri("/epcis/capture")
			.contentType(MediaType.parseMediaType("application/ld+json"))
			.bodyValue(document)
			.exchange()
			.expectStatus().isAccepted()
			.expectHeader().exists("Location")
			.returnResult(Void.class).getResponseHeaders().getLocation().toString();
		client.get().uri(location).exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.success").isEqualTo(true)
			.jsonPath("$.running").isEqualTo(false);

		byte[] body = client.get().uri("/epcis/events?perPage=500")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("GS1-EPCIS-Version", "2.0.0")
			.expectBody().returnResult().getResponseBody();
		JsonNode answer = this.json.readTree(body);
		assertThat(EpcisTestSupport.validate(schema, answer)).as("the query document is schema-valid").isEmpty();

		Map<String, String> prefixes = EventParser.prefixes(sent.get("@context"));
		List<JsonNode> back = new ArrayList<>();
		answer.path("epcisBody").path("queryResults").path("resultsBody").path("eventList").forEach(back::add);
		for (JsonNode event : sent.path("epcisBody").path("eventList")) {
			String id = event.has("eventID") ? event.get("eventID").asString() : EventHash.of(event, prefixes);
			JsonNode found = back.stream().filter(e -> id.equals(e.path("eventID").asString())).findFirst().orElse(null);
			assertThat(found).as("event %s read back", id).isNotNull();
			for (var field : event.properties()) {
				if (!field.getKey().equals("recordTime")) {
					assertThat(found.get(field.getKey())).as("field %s of %s", field.getKey(), id)
						.isEqualTo(field.getValue());
				}
			}
			// the single event resource answers the same event, schema-valid on its own
			byte[] single = client.get().uri("/epcis/events/{id}", id).exchange().expectStatus().isOk()
				.expectBody().returnResult().getResponseBody();
			ObjectNode one = (ObjectNode) this.json.readTree(single);
			assertThat(one.get("eventID").asString()).isEqualTo(id);
			assertThat(EpcisTestSupport.validate(schema, one)).as("event %s alone is schema-valid", id).isEmpty();
		}
	}

}
