package vn.nguon.api.epcis;

import java.time.LocalDate;
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
import vn.nguon.traceability.genealogy.Genealogy;
import vn.nguon.traceability.genealogy.Trace;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;
import vn.nguon.traceability.gs1.LotRef;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trace back (to the farm) and forward (to the pallet and its destination) over a harvest, a
 * grading split, packing and shipping, through {@code GET /api/lots/{gtin}/{lot}/trace} and
 * {@link Genealogy}.
 */
@NguonIntegrationTest
class TraceTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	OrganisationRepository organisations;

	@Autowired
	DatabaseClient db;

	@Autowired
	Genealogy genealogy;

	OrgId org;

	WebTestClient client;

	String raw;

	String graded;

	String lot;

	String sscc;

	@BeforeEach
	void story() {
		this.org = EpcisTestSupport.freshOrganisation(this.organisations);
		this.client = EpcisTestSupport.clientFor(this.context, this.org);
		Random random = new Random();
		this.raw = Gtin.withCheckDigit("0893" + String.format("%09d", random.nextInt(1_000_000_000))).value();
		this.graded = Gtin.withCheckDigit("0893" + String.format("%09d", random.nextInt(1_000_000_000))).value();
		this.lot = "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
		String ssccBody = "3893850" + String.format("%010d", random.nextInt(1_000_000_000));
		this.sscc = ssccBody + Gtin.checkDigit(ssccBody);
		UUID farm = UUID.randomUUID();
		UUID product = UUID.randomUUID();
		this.db.sql("INSERT INTO farm (id, org_id, name, province) VALUES ($1, $2, 'Vườn xoài Cao Lãnh', 'Đồng Tháp')")
			.bind(0, farm).bind(1, this.org.value()).then().block();
		this.db.sql("INSERT INTO product (id, org_id, gtin, name_vi) VALUES ($1, $2, $3, 'Xoài cát')")
			.bind(0, product).bind(1, this.org.value()).bind(2, this.raw).then().block();
		this.db.sql("INSERT INTO batch (id, org_id, product_id, farm_id, gtin, lot, field_name, harvest_date)"
				+ " VALUES ($1, $2, $3, $4, $5, $6, 'Vườn số 3', $7)")
			.bind(0, UUID.randomUUID()).bind(1, this.org.value()).bind(2, product).bind(3, farm).bind(4, this.raw)
			.bind(5, this.lot).bind(6, LocalDate.of(2026, 6, 1)).then().block();
		String doc = EpcisBadInputTests.document("""
				{"type": "TransformationEvent", "eventTime": "2026-06-01T14:00:00+07:00", "eventTimeZoneOffset": "+07:00",
				 "inputQuantityList": [{"epcClass": "https://id.gs1.org/01/%1$s/10/%3$s", "quantity": 100, "uom": "KGM"}],
				 "outputQuantityList": [{"epcClass": "https://id.gs1.org/01/%2$s/10/%3$s-1", "quantity": 70, "uom": "KGM"},
				                        {"epcClass": "https://id.gs1.org/01/%2$s/10/%3$s-2", "quantity": 25, "uom": "KGM"}],
				 "bizLocation": {"id": "https://id.gs1.org/414/8938504000023"}}""".formatted(this.raw, this.graded, this.lot),
				"""
				{"type": "AggregationEvent", "eventTime": "2026-06-02T07:00:00+07:00", "eventTimeZoneOffset": "+07:00",
				 "action": "ADD", "bizStep": "packing", "parentID": "https://id.gs1.org/00/%s",
				 "childQuantityList": [{"epcClass": "https://id.gs1.org/01/%s/10/%s-1", "quantity": 70, "uom": "KGM"}]}"""
					.formatted(this.sscc, this.graded, this.lot),
				"""
				{"type": "ObjectEvent", "eventTime": "2026-06-02T09:00:00+07:00", "eventTimeZoneOffset": "+07:00",
				 "action": "OBSERVE", "bizStep": "shipping", "epcList": ["https://id.gs1.org/00/%s"],
				 "destinationList": [{"type": "location", "destination": "urn:epc:id:sgln:8938504.00004.0"}]}"""
					.formatted(this.sscc));
		this.client.post().uri("/epcis/capture").contentType(MediaType.APPLICATION_JSON).bodyValue(doc).exchange()
			.expectStatus().isAccepted();
	}

	@Test
	void whenTracingForwardThenGradedLotsPalletAndDestinationFound() {
		this.client.get().uri("/api/lots/{gtin}/{lot}/trace?direction=forward", this.raw, this.lot).exchange()
			.expectStatus().isOk().expectBody()
			.jsonPath("$.lots[?(@.key == '01/%s/10/%s-1')].depth".formatted(this.graded, this.lot)).isEqualTo(1)
			.jsonPath("$.lots[?(@.key == '01/%s/10/%s-2')].depth".formatted(this.graded, this.lot)).isEqualTo(1)
			.jsonPath("$.nodes[?(@.key == '00/%s')].depth".formatted(this.sscc)).isEqualTo(2)
			.jsonPath("$.places[?(@.key == '414/8938504000047')].role").isEqualTo("destination");
	}

	@Test
	void whenTracingBackThenInputLotAndFarmFound() {
		this.client.get().uri("/api/lots/{gtin}/{lot}/trace?direction=back", this.graded, this.lot + "-1").exchange()
			.expectStatus().isOk().expectBody()
			.jsonPath("$.lots.length()").isEqualTo(1)
			.jsonPath("$.lots[0].key").isEqualTo("01/" + this.raw + "/10/" + this.lot)
			.jsonPath("$.farms[0].farmName").isEqualTo("Vườn xoài Cao Lãnh")
			.jsonPath("$.farms[0].fieldName").isEqualTo("Vườn số 3")
			.jsonPath("$.farms[0].harvestDate").isEqualTo("2026-06-01");
		Trace back = this.genealogy.traceBack(LotRef.of(new Gtin(this.graded), LotCode.of(this.lot + "-1"))).block();
		assertThat(back.lots()).containsExactly(LotRef.of(new Gtin(this.graded), LotCode.of(this.lot + "-1")),
				LotRef.of(new Gtin(this.raw), LotCode.of(this.lot)));
	}

	@Test
	void whenLotUnknownToCallerThenNotFound() {
		WebTestClient other = EpcisTestSupport.clientFor(this.context,
				EpcisTestSupport.freshOrganisation(this.organisations));
		other.get().uri("/api/lots/{gtin}/{lot}/trace", this.raw, this.lot).exchange().expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		this.client.get().uri("/api/lots/{gtin}/{lot}/trace?direction=sideways", this.raw, this.lot).exchange()
			.expectStatus().isBadRequest();
	}

}
