package vn.nguon.api.epcis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input is refused whole with an EPCIS problem, and the store is unchanged: row counts of the
 * test's organisation (events, identifiers, captures) and of the genealogy edges stay the same.
 */
@NguonIntegrationTest
class EpcisBadInputTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	OrganisationRepository organisations;

	@Autowired
	DatabaseClient db;

	OrgId org;

	WebTestClient client;

	String gtin;

	String lot;

	@BeforeEach
	void freshOrganisation() {
		this.org = EpcisTestSupport.freshOrganisation(this.organisations);
		this.client = EpcisTestSupport.clientFor(this.context, this.org);
		this.gtin = Gtin.withCheckDigit("0893" + String.format("%09d", new Random().nextInt(1_000_000_000))).value();
		this.lot = "B" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
	}

	static String document(String... events) {
		return """
				{"@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument",
				 "schemaVersion": "2.0", "creationDate": "2026-06-01T08:00:00+07:00",
				 "epcisBody": {"eventList": [%s]}}""".formatted(String.join(",", events));
	}

	String harvest(String classUri, String offset) {
		return """
				{"type": "ObjectEvent", "eventTime": "2026-06-01T07:30:00+07:00", "eventTimeZoneOffset": "%s",
				 "action": "ADD", "bizStep": "commissioning",
				 "quantityList": [{"epcClass": "%s", "quantity": 10, "uom": "KGM"}]}""".formatted(offset, classUri);
	}

	String goodEvent() {
		return harvest("https://id.gs1.org/01/" + this.gtin + "/10/" + this.lot, "+07:00");
	}

	static String transformation(String from, String to) {
		return """
				{"type": "TransformationEvent", "eventTime": "2026-06-02T07:30:00+07:00", "eventTimeZoneOffset": "+07:00",
				 "inputQuantityList": [{"epcClass": "%s", "quantity": 10, "uom": "KGM"}],
				 "outputQuantityList": [{"epcClass": "%s", "quantity": 9, "uom": "KGM"}]}""".formatted(from, to);
	}

	void refused(String body, int status, String epcisType) {
		long[] before = EpcisTestSupport.rowCounts(this.db, this.org);
		this.client.post().uri("/epcis/capture")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body.getBytes(StandardCharsets.UTF_8))
			.exchange()
			.expectStatus().isEqualTo(status)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader().valueEquals("GS1-EPCIS-Version", "2.0.0")
			.expectBody()
			.jsonPath("$.type").isEqualTo("epcisException:" + epcisType)
			.jsonPath("$.status").isEqualTo(status)
			.jsonPath("$.detail").isNotEmpty();
		assertThat(EpcisTestSupport.rowCounts(this.db, this.org)).as("rows unchanged").isEqualTo(before);
	}

	void refusedAt(String body, String code, String pointer) {
		long[] before = EpcisTestSupport.rowCounts(this.db, this.org);
		this.client.post().uri("/epcis/capture")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body.getBytes(StandardCharsets.UTF_8))
			.exchange()
			.expectStatus().isEqualTo(400)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("epcisException:ValidationException")
			.jsonPath("$.code").isEqualTo(code)
			.jsonPath("$.pointer").isEqualTo(pointer);
		assertThat(EpcisTestSupport.rowCounts(this.db, this.org)).as("rows unchanged").isEqualTo(before);
	}

	@Test
	void whenDocumentBreaksTheOfficialSchemaThenItsPointerIsNamedAndNothingStored() {
		String notAUri = goodEvent().replace("\"bizStep\": \"commissioning\"",
				"\"bizStep\": \"commissioning\", \"readPoint\": {\"id\": \"dock 7\"}");
		refusedAt(document(goodEvent(), notAUri), "epcis-schema", "/epcisBody/eventList/1/readPoint/id");
		refusedAt(document(goodEvent()).replace("\"schemaVersion\": \"2.0\",", ""), "epcis-schema", "");
	}

	@Test
	void whenAKeyRepeatsOrAStringHoldsNulOrALoneSurrogateThenRefusedWithItsPointer() {
		String twice = goodEvent().replace("\"action\": \"ADD\"", "\"action\": \"ADD\", \"action\": \"DELETE\"");
		refusedAt(document(goodEvent(), twice), "epcis-duplicate-key", "/epcisBody/eventList/1/action");
		String nul = goodEvent().replace("\"bizStep\": \"commissioning\"",
				"\"bizStep\": \"commissioning\", \"ex:note\": \"a\\u0000b\"");
		refusedAt(document(nul), "epcis-forbidden-character", "/epcisBody/eventList/0/ex:note");
		String surrogate = goodEvent().replace("\"bizStep\": \"commissioning\"", "\"bizStep\": \"commissioning\\ud800\"");
		refusedAt(document(surrogate), "epcis-forbidden-character", "/epcisBody/eventList/0/bizStep");
		this.client.post().uri("/epcis/events").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(nul.getBytes(StandardCharsets.UTF_8)).exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.code").isEqualTo("epcis-forbidden-character");
	}

	@Test
	void whenJsonMalformedThenValidationProblemAndNothingStored() {
		refused(document(goodEvent()).substring(0, 120), 400, "ValidationException");
	}

	@Test
	void whenEventBreaksSchemaThenValidationProblemAndNothingStored() {
		refused(document(goodEvent(), goodEvent().replace("\"ADD\"", "\"MOVE\"")), 400, "ValidationException");
		refused(document(goodEvent().replace("\"quantityList\": [", "\"epcList\": \"not-a-list\", \"quantityList\": [")),
				400, "ValidationException");
		refused(document(goodEvent().replace("\"eventTime\": \"2026-06-01T07:30:00+07:00\", ", "")), 400,
				"ValidationException");
	}

	@Test
	void whenEventTypeUnknownThenValidationProblemAndNothingStored() {
		refused(document(goodEvent(), goodEvent().replace("ObjectEvent", "TeleportationEvent")), 400,
				"ValidationException");
	}

	@Test
	void whenGtinCheckDigitWrongThenValidationProblemAndNothingStored() {
		String wrong = this.gtin.substring(0, 13) + ((this.gtin.charAt(13) - '0' + 1) % 10);
		refused(document(goodEvent(), harvest("https://id.gs1.org/01/" + wrong + "/10/" + this.lot, "+07:00")), 400,
				"ValidationException");
	}

	@Test
	void whenLotOutsideCharacterSet82ThenValidationProblemAndNothingStored() {
		refused(document(goodEvent(), harvest("https://id.gs1.org/01/" + this.gtin + "/10/L%C3%94%201", "+07:00")), 400,
				"ValidationException");
		refused(document(harvest("https://id.gs1.org/01/" + this.gtin + "/10/" + "X".repeat(21), "+07:00")), 400,
				"ValidationException");
	}

	@Test
	void whenTimeZoneOffsetBeyondFourteenHoursThenValidationProblemAndNothingStored() {
		refused(document(goodEvent(), harvest("https://id.gs1.org/01/" + this.gtin + "/10/" + this.lot, "+14:30")), 400,
				"ValidationException");
		refused(document(harvest("https://id.gs1.org/01/" + this.gtin + "/10/" + this.lot, "-15:00")), 400,
				"ValidationException");
	}

	@Test
	void whenMoreEventsThanAdvertisedThenCaptureLimitProblemAndNothingStored() {
		int limit = Integer.parseInt(this.client.options().uri("/epcis/capture").exchange()
			.expectStatus().is2xxSuccessful()
			.returnResult(Void.class).getResponseHeaders().getFirst("GS1-EPCIS-Capture-Limit"));
		String[] events = new String[limit + 1];
		Arrays.fill(events, goodEvent());
		refused(document(events), 413, "CaptureLimitExceededException");
	}

	@Test
	void whenBodyLargerThanAdvertisedThenCaptureLimitProblemAndNothingStored() {
		long limit = Long.parseLong(this.client.options().uri("/epcis/capture").exchange()
			.expectStatus().is2xxSuccessful()
			.returnResult(Void.class).getResponseHeaders().getFirst("GS1-EPCIS-Capture-File-Size-Limit"));
		String doc = document(goodEvent());
		refused(doc + " ".repeat((int) (limit - doc.length() + 1)), 413, "CaptureLimitExceededException");
	}

	@Test
	void whenEventsCloseGenealogyCycleThenProblemAndInsertedEventsRolledBack() {
		String a = "https://id.gs1.org/01/" + this.gtin + "/10/" + this.lot + "A";
		String b = "https://example.org/x/01/" + this.gtin + "/10/" + this.lot + "B";
		this.client.post().uri("/epcis/capture").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(document(transformation(a, b)))
			.exchange().expectStatus().isAccepted();
		// B -> A would make A its own ancestor (the other host names the same lot). The cycle is found after
		// the events of the document were inserted, so unchanged counts prove the transaction rolled back.
		refused(document(goodEvent(), transformation(b, a)), 409, "ValidationException");
		// and within one document
		String c = "https://id.gs1.org/01/" + this.gtin + "/10/" + this.lot + "C";
		String d = "https://id.gs1.org/01/" + this.gtin + "/10/" + this.lot + "D";
		refused(document(transformation(c, d), transformation(d, c)), 409, "ValidationException");
	}

	@Test
	void whenSameEventIdSentForDifferentEventThenConflictAndInsertedEventsRolledBack() {
		String id = "urn:uuid:" + UUID.randomUUID();
		String first = goodEvent().replace("{\"type\"", "{\"eventID\": \"" + id + "\", \"type\"");
		this.client.post().uri("/epcis/capture").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(document(first)).exchange().expectStatus().isAccepted();
		// goodEvent() is inserted before the conflict is found: unchanged counts prove the rollback
		refused(document(goodEvent(), first.replace("\"quantity\": 10", "\"quantity\": 11")), 409,
				"ValidationException");
	}

	@Test
	void whenOneEventBadAndErrorBehaviourProceedThenValidEventsStored() {
		long before = EpcisTestSupport.rowCounts(this.db, this.org)[0];
		String bad = harvest("https://id.gs1.org/01/" + this.gtin + "/10/" + this.lot, "+15:00");
		String location = this.client.post().uri("/epcis/capture").contentType(MediaType.APPLICATION_JSON)
			.header("GS1-Capture-Error-Behaviour", "proceed")
			.bodyValue(document(goodEvent(), bad))
			.exchange().expectStatus().isAccepted()
			.returnResult(Void.class).getResponseHeaders().getLocation().toString();
		assertThat(EpcisTestSupport.rowCounts(this.db, this.org)[0]).isEqualTo(before + 1);
		this.client.get().uri(location).exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.success").isEqualTo(false)
			.jsonPath("$.errors.length()").isEqualTo(1);
	}

	@Test
	void whenLastEventBadThenNothingStored() {
		refused(document(goodEvent(), goodEvent().replace(this.lot, this.lot + "X"),
				harvest("https://id.gs1.org/01/" + this.gtin + "/10/" + this.lot, "+99:00")), 400,
				"ValidationException");
	}

	@Test
	void whenSingleEventInvalidThenValidationProblem() {
		long[] before = EpcisTestSupport.rowCounts(this.db, this.org);
		this.client.post().uri("/epcis/events").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(goodEvent().replace("ObjectEvent", "NoSuchEvent"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.type").isEqualTo("epcisException:ValidationException");
		assertThat(EpcisTestSupport.rowCounts(this.db, this.org)).isEqualTo(before);
	}

}
