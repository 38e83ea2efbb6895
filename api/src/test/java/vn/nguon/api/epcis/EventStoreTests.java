package vn.nguon.api.epcis;

import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.event.CaptureReport;
import vn.nguon.traceability.event.EventCapture;
import vn.nguon.traceability.event.EventQueries;
import vn.nguon.traceability.event.EventQuery;
import vn.nguon.traceability.event.StoredEvent;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event store through its Java contract (EventCapture, EventQueries) against PostgreSQL. */
@NguonIntegrationTest
class EventStoreTests {

	@Autowired
	EventCapture capture;

	@Autowired
	EventQueries queries;

	@Autowired
	OrganisationRepository organisations;

	@Autowired
	DatabaseClient db;

	@Autowired
	JsonMapper json;

	OrgId org;

	Gtin gtin;

	String lot;

	@BeforeEach
	void freshOrganisation() {
		String slug = "epcis-" + UUID.randomUUID().toString().substring(0, 8);
		this.org = this.organisations.create(slug, "Test " + slug).block().id();
		this.gtin = Gtin.withCheckDigit("0893" + String.format("%09d", new Random().nextInt(1_000_000_000)));
		this.lot = "L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
	}

	ObjectNode harvest(String lot) {
		return (ObjectNode) this.json.readTree("""
				{"type": "ObjectEvent", "eventTime": "2026-06-01T07:30:00+07:00", "eventTimeZoneOffset": "+07:00",
				 "action": "ADD", "bizStep": "commissioning", "disposition": "active",
				 "quantityList": [{"epcClass": "https://id.gs1.org/01/%s/10/%s", "quantity": 120.5, "uom": "KGM"}],
				 "readPoint": {"id": "https://id.gs1.org/414/8930000000019"}}
				""".formatted(this.gtin.value(), lot));
	}

	@Test
	void whenEventCapturedThenItHasHashIdAndIsFoundByLot() {
		StoredEvent stored = this.capture.captureEvent(this.org, harvest(this.lot)).block();
		assertThat(stored.eventId()).startsWith("ni:///sha-256;").endsWith("?ver=CBV2.0");
		assertThat(stored.event().get("eventID").asString()).isEqualTo(stored.eventId());
		List<StoredEvent> ofLot = this.queries.eventsOfLot(this.gtin, LotCode.of(this.lot)).collectList().block();
		assertThat(ofLot).extracting(StoredEvent::eventId).containsExactly(stored.eventId());
		assertThat(this.queries.findByEventId(this.org, stored.eventId()).block().event().get("quantityList"))
			.isEqualTo(harvest(this.lot).get("quantityList"));
	}

	@Test
	void whenSameEventCapturedTwiceThenStoredOnce() {
		StoredEvent first = this.capture.captureEvent(this.org, harvest(this.lot)).block();
		StoredEvent second = this.capture.captureEvent(this.org, harvest(this.lot)).block();
		assertThat(second.seq()).isEqualTo(first.seq());
		assertThat(countEvents()).isEqualTo(1);
	}

	@Test
	void whenDocumentHasOneBadEventThenNothingStored() {
		ObjectNode doc = document(harvest(this.lot), harvest("BAD LOT"));
		assertThatThrownBy(() -> this.capture.captureDocument(this.org, doc, false).block())
			.isInstanceOf(TraceabilityException.class);
		assertThat(countEvents()).isZero();
	}

	@Test
	void whenProceedOnErrorThenValidEventsStored() {
		ObjectNode doc = document(harvest(this.lot), harvest("BAD LOT"));
		CaptureReport report = this.capture.captureDocument(this.org, doc, true).block();
		assertThat(report.stored()).hasSize(1);
		assertThat(report.errors()).hasSize(1);
		assertThat(countEvents()).isEqualTo(1);
	}

	@Test
	void whenQueryByEpcClassThenOnlyThatLot() {
		this.capture.captureDocument(this.org, document(harvest(this.lot), harvest(this.lot + "B")), false).block();
		List<StoredEvent> found = this.queries
			.query(this.org, EventQuery.builder()
				.matchAnyEpcClass(List.of("urn:epc:class:lgtin:" + this.gtin.value().substring(1, 8) + "."
						+ this.gtin.value().charAt(0) + this.gtin.value().substring(8, 13) + "." + this.lot))
				.bizSteps(List.of("urn:epcglobal:cbv:bizstep:commissioning"))
				.build())
			.collectList()
			.block();
		assertThat(found).hasSize(1);
	}

	ObjectNode document(ObjectNode... events) {
		ObjectNode doc = (ObjectNode) this.json.readTree("""
				{"@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument",
				 "schemaVersion": "2.0", "creationDate": "2026-06-01T08:00:00+07:00", "epcisBody": {"eventList": []}}
				""");
		for (ObjectNode e : events) {
			((tools.jackson.databind.node.ArrayNode) doc.get("epcisBody").get("eventList")).add(e);
		}
		return doc;
	}

	long countEvents() {
		return this.db.sql("SELECT count(*) AS n FROM epcis_event WHERE org_id = $1").bind(0, this.org.value())
			.map((row, m) -> row.get("n", Long.class)).one().block();
	}

}
