package vn.nguon.api.subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.traceability.event.EventCapture;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;

import static org.assertj.core.api.Assertions.assertThat;

/** Named query and subscription resources: CRUD, paging, problem details for bad input, a scheduled subscription. */
@NguonIntegrationTest
class NamedQueryTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	OrganisationRepository organisations;

	@Autowired
	EventCapture capture;

	@Autowired
	JsonMapper json;

	OrgId org;

	WebTestClient client;

	String lot;

	String name;

	@BeforeEach
	void freshOrganisation() {
		this.org = SubscriptionTestSupport.organisation(this.organisations);
		this.client = SubscriptionTestSupport.adminOf(this.context, this.org);
		this.lot = SubscriptionTestSupport.lot();
		this.name = "q-" + UUID.randomUUID().toString().substring(0, 8);
	}

	WebTestClient.ResponseSpec create(Object body) {
		return this.client.post().uri("/epcis/queries").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	WebTestClient.ResponseSpec subscribe(Object body) {
		return this.client.post().uri("/epcis/queries/" + this.name + "/subscriptions")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	void captureThree() {
		List<ObjectNode> events = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			events.add(SubscriptionTestSupport.objectEvent(this.json, this.lot, "shipping", "in_transit", i));
		}
		this.capture.captureDocument(this.org, SubscriptionTestSupport.document(this.json, events), false).block();
	}

	@Test
	void whenQuerySavedThenItIsListedReadPagedAndDeleted() {
		create(Map.of("name", this.name, "query", Map.of("MATCH_epcClass", this.lot, "eventType", List.of("ObjectEvent"))))
			.expectStatus().isCreated()
			.expectHeader().valueEquals(HttpHeaders.LOCATION, "/epcis/queries/" + this.name);
		this.client.get().uri("/epcis/queries").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$[?(@.name == '" + this.name + "')]").exists();
		this.client.get().uri("/epcis/queries/" + this.name).exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.query.MATCH_epcClass[0]").isEqualTo(this.lot);
		captureThree();

		var first = this.client.get().uri("/epcis/queries/" + this.name + "/events?perPage=2").exchange()
			.expectStatus().isOk().expectBody(JsonNode.class).returnResult();
		JsonNode doc = first.getResponseBody();
		assertThat(doc.get("type").asString()).isEqualTo("EPCISQueryDocument");
		assertThat(doc.at("/epcisBody/queryResults/queryName").asString()).isEqualTo(this.name);
		assertThat(doc.at("/epcisBody/queryResults/resultsBody/eventList").size()).isEqualTo(2);
		String link = first.getResponseHeaders().getFirst(HttpHeaders.LINK);
		assertThat(link).contains("nextPageToken=");
		String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
		this.client.get().uri(java.net.URI.create(next)).exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.epcisBody.queryResults.resultsBody.eventList.length()").isEqualTo(1);

		this.client.delete().uri("/epcis/queries/" + this.name).exchange().expectStatus().isNoContent();
		this.client.get().uri("/epcis/queries/" + this.name).exchange().expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.code").isEqualTo("subscription-no-such-query");
	}

	@Test
	void whenInputIsBadThenProblemDetailsAndNothingSaved() {
		create(Map.of("name", this.name, "query", Map.of("MATCH_epc", this.lot))).expectStatus().isCreated();
		create(Map.of("name", this.name, "query", Map.of())).expectStatus().isEqualTo(409)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.code").isEqualTo("subscription-query-exists");
		String other = this.name + "-x";
		create(Map.of("name", other, "query", Map.of("EQ_colour", "red"))).expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.type").isEqualTo("epcisException:QueryParameterException");
		create(Map.of("name", other, "query", Map.of("GE_eventTime", "yesterday"))).expectStatus().isBadRequest();
		create(Map.of("name", "bad name!", "query", Map.of())).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.code").isEqualTo("subscription-invalid-query-name");
		this.client.get().uri("/epcis/queries/" + other).exchange().expectStatus().isNotFound();
		this.client.get().uri("/epcis/queries/" + this.name + "/events?EQ_bizStep=shipping").exchange()
			.expectStatus().isBadRequest();

		for (String dest : List.of("ftp://example.com/hook", "http://169.254.169.254/latest/meta-data",
				"http://10.1.2.3/hook", "not a url", "http://user:pw@example.com/")) {
			subscribe(Map.of("dest", dest, "stream", true)).expectStatus().isBadRequest()
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody().jsonPath("$.code").isEqualTo("subscription-invalid-dest");
		}
		subscribe(Map.of("dest", "http://127.0.0.1:9/hook")).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.code").isEqualTo("subscription-stream-or-schedule");
		subscribe(Map.of("dest", "http://127.0.0.1:9/hook", "schedule", Map.of("minute", "61"))).expectStatus()
			.isBadRequest().expectBody().jsonPath("$.code").isEqualTo("subscription-invalid-schedule");
		this.client.get().uri("/epcis/queries/" + this.name + "/subscriptions").exchange().expectStatus().isOk()
			.expectBody().json("[]");
	}

	@Test
	void whenSubscriptionCreatedThenReadableDeletableAndHiddenFromOthers() {
		create(Map.of("name", this.name, "query", Map.of("MATCH_epcClass", this.lot))).expectStatus().isCreated();
		JsonNode sub = subscribe(Map.of("dest", "http://127.0.0.1:9/hook", "schedule", Map.of("minute", "*/5"),
				"signatureToken", "0123456789abcdef-token"))
			.expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
		String id = sub.get("subscriptionID").asString();
		assertThat(sub.get("signed").asBoolean()).isTrue();
		assertThat(sub.has("signatureToken")).isFalse();
		String path = "/epcis/queries/" + this.name + "/subscriptions/" + id;
		this.client.get().uri(path).exchange().expectStatus().isOk().expectBody().jsonPath("$.schedule.minute")
			.isEqualTo("*/5");
		WebTestClient stranger = SubscriptionTestSupport.adminOf(this.context,
				SubscriptionTestSupport.organisation(this.organisations));
		stranger.get().uri(path).exchange().expectStatus().isNotFound();
		stranger.get().uri("/epcis/queries/" + this.name).exchange().expectStatus().isNotFound();
		stranger.delete().uri(path).exchange().expectStatus().isNotFound();
		this.client.delete().uri(path).exchange().expectStatus().isNoContent();
		this.client.get().uri(path).exchange().expectStatus().isNotFound();
	}

	@Test
	void whenScheduledEverySecondThenEmptyReportsAndThenNewEventsArrive() throws Exception {
		create(Map.of("name", this.name, "query", Map.of("MATCH_epcClass", this.lot))).expectStatus().isCreated();
		try (WebhookReceiver receiver = new WebhookReceiver(this.json, null)) {
			subscribe(Map.of("dest", receiver.url(), "schedule", Map.of("second", "*"), "reportIfEmpty", true))
				.expectStatus().isCreated();
			WebhookReceiver.await("an empty report", () -> !receiver.accepted().isEmpty());
			assertThat(receiver.accepted().get(0).eventIds()).isEmpty();
			captureThree();
			WebhookReceiver.await("three events", () -> receiver.eventIds().size() >= 3);
			assertThat(receiver.eventIds()).hasSize(3).doesNotHaveDuplicates();
		}
	}

}
