package vn.nguon.api.epcis;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /epcis/events} filters, paging, single events, corrections, idempotency, headers, org scope. */
@NguonIntegrationTest
class EpcisQueryTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	OrganisationRepository organisations;

	@Autowired
	DatabaseClient db;

	@Autowired
	JsonMapper json;

	OrgId org;

	WebTestClient client;

	String gtin;

	String lot;

	@BeforeEach
	void freshOrganisation() {
		this.org = EpcisTestSupport.freshOrganisation(this.organisations);
		this.client = EpcisTestSupport.clientFor(this.context, this.org);
		this.gtin = Gtin.withCheckDigit("0893" + String.format("%09d", new Random().nextInt(1_000_000_000))).value();
		this.lot = "Q" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
	}

	String event(String lot, String bizStep, String time, String extra) {
		return """
				{"type": "ObjectEvent", "eventTime": "%s", "eventTimeZoneOffset": "+07:00",
				 "action": "OBSERVE", "bizStep": "%s", "disposition": "in_transit",
				 "readPoint": {"id": "urn:epc:id:sgln:8938504.00002.0"}%s,
				 "quantityList": [{"epcClass": "https://id.gs1.org/01/%s/10/%s", "quantity": 5, "uom": "KGM"}]}"""
			.formatted(time, bizStep, extra, this.gtin, lot);
	}

	void capture(String... events) {
		this.client.post().uri("/epcis/capture").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(EpcisBadInputTests.document(events)).exchange().expectStatus().isAccepted();
	}

	List<JsonNode> query(String uri) {
		byte[] body = this.client.get().uri(URI.create(uri)).exchange().expectStatus().isOk()
			.expectHeader().valueEquals("GS1-EPCIS-Version", "2.0.0")
			.expectHeader().exists("GS1-CBV-Version")
			.expectBody().returnResult().getResponseBody();
		List<JsonNode> events = new ArrayList<>();
		this.json.readTree(body).path("epcisBody").path("queryResults").path("resultsBody").path("eventList")
			.forEach(events::add);
		return events;
	}

	static String enc(String s) {
		return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
	}

	@Test
	void whenFilteringByBizStepThenBareWordAndUriBothMatch() {
		capture(event(this.lot, "shipping", "2026-06-01T08:00:00+07:00", ""),
				event(this.lot, "receiving", "2026-06-02T08:00:00+07:00", ""));
		assertThat(query("/epcis/events?EQ_bizStep=shipping")).hasSize(1);
		assertThat(query("/epcis/events?EQ_bizStep=" + enc("urn:epcglobal:cbv:bizstep:shipping"))).hasSize(1);
		assertThat(query("/epcis/events?EQ_bizStep=" + enc("https://ref.gs1.org/cbv/BizStep-receiving"))).hasSize(1);
		assertThat(query("/epcis/events?EQ_bizStep=" + enc("shipping|receiving"))).hasSize(2);
		assertThat(query("/epcis/events?EQ_disposition=in_transit&EQ_action=OBSERVE&eventType=ObjectEvent")).hasSize(2);
		assertThat(query("/epcis/events?EQ_action=ADD")).isEmpty();
	}

	@Test
	void whenMatchingEpcClassThenAnySpellingOfTheLotMatches() {
		capture(event(this.lot, "shipping", "2026-06-01T08:00:00+07:00", ""),
				event(this.lot + "Z", "shipping", "2026-06-01T09:00:00+07:00", ""));
		String urn = "urn:epc:class:lgtin:" + this.gtin.substring(1, 8) + "." + this.gtin.charAt(0)
				+ this.gtin.substring(8, 13) + "." + this.lot;
		assertThat(query("/epcis/events?MATCH_anyEPCClass=" + enc(urn))).hasSize(1);
		assertThat(query("/epcis/events?MATCH_epcClass=" + enc("https://shop.example.vn/01/" + this.gtin + "/10/" + this.lot)))
			.hasSize(1);
		String pattern = "urn:epc:idpat:sgtin:" + this.gtin.substring(1, 8) + "." + this.gtin.charAt(0)
				+ this.gtin.substring(8, 13) + ".*";
		assertThat(query("/epcis/events?MATCH_anyEPCClass=" + enc(pattern))).hasSize(2);
		assertThat(query("/epcis/events?MATCH_inputEPCClass=" + enc(urn))).isEmpty();
		assertThat(query("/epcis/events?EQ_readPoint=" + enc("https://id.gs1.org/414/8938504000023"))).hasSize(2);
	}

	@Test
	void whenFilteringByTimeAndOrderingThenBoundsAndOrderHold() {
		capture(event(this.lot, "shipping", "2026-06-01T08:00:00+07:00", ""),
				event(this.lot, "shipping", "2026-06-02T08:00:00+07:00", ""),
				event(this.lot, "shipping", "2026-06-03T08:00:00+07:00", ""));
		assertThat(query("/epcis/events?GE_eventTime=" + enc("2026-06-02T08:00:00+07:00") + "&LT_eventTime="
				+ enc("2026-06-03T01:00:00Z"))).hasSize(1);
		List<JsonNode> desc = query("/epcis/events?orderBy=eventTime&orderDirection=DESC");
		assertThat(desc.get(0).get("eventTime").asString()).startsWith("2026-06-03");
		assertThat(query("/epcis/events?GE_recordTime=" + enc("2020-01-01T00:00:00Z") + "&orderBy=eventTime&eventCountLimit=2")).hasSize(2);
	}

	@Test
	void whenMoreEventsThanPageThenLinkHeaderLeadsThroughAllPages() {
		List<String> events = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			events.add(event(this.lot, "shipping", "2026-06-0" + (i + 1) + "T08:00:00+07:00", ""));
		}
		capture(events.toArray(String[]::new));
		Set<String> seen = new HashSet<>();
		String next = "/epcis/events?perPage=2&orderBy=eventTime&orderDirection=ASC";
		int pages = 0;
		while (next != null) {
			EntityExchangeResult<byte[]> r = this.client.get().uri(URI.create(next)).exchange().expectStatus().isOk()
				.expectBody().returnResult();
			this.json.readTree(r.getResponseBody()).path("epcisBody").path("queryResults").path("resultsBody")
				.path("eventList").forEach(e -> seen.add(e.get("eventID").asString()));
			String link = r.getResponseHeaders().getFirst("Link");
			next = link == null ? null : URI.create(link.substring(1, link.indexOf('>'))).getRawPath() + "?"
					+ URI.create(link.substring(1, link.indexOf('>'))).getRawQuery();
			pages++;
		}
		assertThat(pages).isEqualTo(3);
		assertThat(seen).hasSize(5);
	}

	@Test
	void whenEventSentTwiceThenStoredOnceAndFoundByHashId() {
		String e = event(this.lot, "shipping", "2026-06-01T08:00:00+07:00", "");
		String location = this.client.post().uri("/epcis/events").contentType(MediaType.APPLICATION_JSON).bodyValue(e)
			.exchange().expectStatus().isCreated()
			.returnResult(Void.class).getResponseHeaders().getLocation().toString();
		String again = this.client.post().uri("/epcis/events").contentType(MediaType.APPLICATION_JSON).bodyValue(e)
			.exchange().expectStatus().isCreated()
			.returnResult(Void.class).getResponseHeaders().getLocation().toString();
		assertThat(again).isEqualTo(location);
		assertThat(location).startsWith("/epcis/events/ni:%2F%2F%2Fsha-256%3B");
		JsonNode stored = this.json.readTree(this.client.get().uri(URI.create(location)).exchange()
			.expectStatus().isOk().expectBody().returnResult().getResponseBody());
		String id = stored.get("eventID").asString();
		assertThat(id).startsWith("ni:///sha-256;").endsWith("?ver=CBV2.0");
		assertThat(stored.has("recordTime")).isTrue();
		assertThat(EpcisTestSupport.rowCounts(this.db, this.org)[0]).isEqualTo(1);
		this.client.get().uri(URI.create("/epcis/events?EQ_eventID=" + enc(id)))
			.exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.epcisBody.queryResults.resultsBody.eventList.length()").isEqualTo(1);
	}

	@Test
	void whenErrorDeclaredThenQueriesShowTheCorrectedEvent() {
		String id = "urn:uuid:" + UUID.randomUUID();
		String original = event(this.lot, "shipping", "2026-06-01T08:00:00+07:00", ", \"eventID\": \"" + id + "\"");
		capture(original);
		String declared = event(this.lot, "shipping", "2026-06-01T08:00:00+07:00", ", \"eventID\": \"" + id
				+ "\", \"errorDeclaration\": {\"declarationTime\": \"2026-06-02T10:00:00+07:00\", \"reason\": \"incorrect_data\"}");
		capture(declared);
		capture(declared);
		List<JsonNode> all = query("/epcis/events?MATCH_epcClass=" + enc("https://id.gs1.org/01/" + this.gtin + "/10/" + this.lot));
		assertThat(all).hasSize(1);
		assertThat(all.get(0).path("errorDeclaration").path("reason").asString()).isEqualTo("incorrect_data");
		this.client.get().uri("/epcis/events/{id}", id).exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.errorDeclaration.declarationTime").isEqualTo("2026-06-02T10:00:00+07:00");
		assertThat(EpcisTestSupport.rowCounts(this.db, this.org)[0]).as("original and correction rows").isEqualTo(2);
	}

	@Test
	void whenAnotherOrganisationAsksThenNothingVisible() {
		String id = "urn:uuid:" + UUID.randomUUID();
		capture(event(this.lot, "shipping", "2026-06-01T08:00:00+07:00", ", \"eventID\": \"" + id + "\""));
		WebTestClient other = EpcisTestSupport.clientFor(this.context,
				EpcisTestSupport.freshOrganisation(this.organisations));
		other.get().uri("/epcis/events/{id}", id).exchange().expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.type").isEqualTo("epcisException:NoSuchResourceException");
		other.get().uri("/epcis/events?EQ_eventID={id}", id).exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.epcisBody.queryResults.resultsBody.eventList.length()").isEqualTo(0);
	}

	@Test
	void whenQueryParameterUnknownOrMalformedThenQueryParameterProblem() {
		for (String uri : List.of("/epcis/events?EQ_colour=red", "/epcis/events?GE_eventTime=yesterday",
				"/epcis/events?perPage=0", "/epcis/events?orderBy=colour", "/epcis/events?nextPageToken=zzz",
				"/epcis/events?eventType=FooEvent")) {
			this.client.get().uri(uri).exchange().expectStatus().isBadRequest()
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody().jsonPath("$.type").isEqualTo("epcisException:QueryParameterException");
		}
	}

	@Test
	void whenAskedForOptionsAndEventTypesThenLimitsAndTypesAdvertised() {
		this.client.options().uri("/epcis/capture").exchange().expectStatus().is2xxSuccessful()
			.expectHeader().exists("GS1-EPCIS-Capture-Limit")
			.expectHeader().exists("GS1-EPCIS-Capture-File-Size-Limit")
			.expectHeader().valueEquals("GS1-EPCIS-Version", "2.0.0");
		this.client.get().uri("/epcis/eventTypes").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.member.length()").isEqualTo(5);
		this.client.get().uri("/epcis/capture").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.captureJobs").isArray();
		this.client.get().uri("/epcis/capture/{id}", UUID.randomUUID()).exchange().expectStatus().isNotFound()
			.expectBody().jsonPath("$.type").isEqualTo("epcisException:NoSuchResourceException");
	}

}
