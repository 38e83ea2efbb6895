package vn.nguon.api.resolver;

import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.traceability.consumer.ScanCounter;
import vn.nguon.traceability.event.EventCapture;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotRef;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;


/** Test data for the resolver: a fresh organisation, product, farm and batch, and events naming the lot. */
abstract class ResolverFixture {


	@Autowired
	WebTestClient client;

	@Autowired
	EventCapture capture;

	@Autowired
	OrganisationRepository organisations;

	@Autowired
	DatabaseClient db;

	@Autowired
	JsonMapper json;

	@Autowired
	ScanCounter scans;

	@Autowired
	ConsumerPages pages;

	OrgId org;

	Gtin gtin;

	LotRef lot;

	/** A fresh organisation with a product, a farm (with a point that must stay private) and a batch. */
	@BeforeEach
	void data() {
		// the shared 2-core machine can be slow; no timing is asserted here
		this.client = this.client.mutate().responseTimeout(java.time.Duration.ofSeconds(60)).build();
		String slug = "resolver-" + UUID.randomUUID().toString().substring(0, 8);
		this.org = this.organisations.create(slug, "HTX Rau sạch " + slug).block().id();
		this.gtin = Gtin.withCheckDigit("0893" + String.format("%09d", new Random().nextInt(1_000_000_000)));
		this.lot = LotRef.of(this.gtin.value(), "L" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "-1");
		UUID product = UUID.randomUUID();
		UUID farm = UUID.randomUUID();
		this.db.sql("INSERT INTO product (id, org_id, gtin, name_vi, name_en) VALUES (:id, :org, :gtin, 'Cà chua bi', 'Cherry tomatoes')")
			.bind("id", product).bind("org", this.org.value()).bind("gtin", this.gtin.value()).then().block();
		this.db.sql("INSERT INTO farm (id, org_id, name, commune, district, province, location) VALUES (:id, :org,"
				+ " 'Vườn số 7', 'Xã Tà Nung', 'TP Đà Lạt', 'Lâm Đồng', '{\"type\":\"Point\",\"coordinates\":[108.3712345,11.9412345]}'::jsonb)")
			.bind("id", farm).bind("org", this.org.value()).then().block();
		this.db.sql("INSERT INTO batch (id, org_id, product_id, farm_id, gtin, lot, harvest_date) VALUES (:id, :org, :p, :f,"
				+ " :gtin, :lot, DATE '2026-11-20')")
			.bind("id", UUID.randomUUID()).bind("org", this.org.value()).bind("p", product).bind("f", farm)
			.bind("gtin", this.gtin.value()).bind("lot", this.lot.lot().value()).then().block();
	}

	ObjectNode event(String body) {
		return (ObjectNode) this.json.readTree(body);
	}

	void harvestAndGrade(LotRef lot) {
		harvestAndGrade(lot, false, null);
	}

	/** A harvest and a grade that may wait for a person ({@code needsReview}) or name its reviewer. */
	void harvestAndGrade(LotRef lot, boolean needsReview, String reviewedBy) {
		this.capture.captureEvent(this.org, event("""
				{"type": "ObjectEvent", "eventTime": "2026-11-20T07:30:00+07:00", "eventTimeZoneOffset": "+07:00",
				 "action": "ADD", "bizStep": "commissioning", "disposition": "active",
				 "quantityList": [{"epcClass": "%s", "quantity": 120.5, "uom": "KGM"}],
				 "certificationInfo": "https://cert.example/vietgap/123"}
				""".formatted(lot.digitalLinkUri("https://id.gs1.org")))).block();
		this.capture.captureEvent(this.org, event("""
				{"@context": [{"nguon": "https://ns.nguon.vn/epcis/"}],
				 "type": "ObjectEvent", "eventTime": "2026-11-21T09:00:00+07:00", "eventTimeZoneOffset": "+07:00",
				 "action": "OBSERVE", "bizStep": "inspecting", "disposition": "conformant",
				 "quantityList": [{"epcClass": "%s", "quantity": 10, "uom": "KGM"}],
				 "nguon:grade": {"class": "CLASS_I", "needsReview": %s, "certainty": 0.93, "modelVersion": "m1",
				   "policyVersion": "p1", "sampleSize": 20, "defectiveShare": 0.05, "photos": ["/photos/abc123"],
				   "photoSha256": ["00"], "reviewedBy": %s, "overrides": null}}
				""".formatted(lot.digitalLinkUri("https://other-resolver.example"), needsReview,
				reviewedBy == null ? "null" : "\"" + reviewedBy + "\""))).block();
	}

	@org.springframework.boot.test.web.server.LocalServerPort
	int port;

	java.net.URI u(String pathAndQuery) {
		return java.net.URI.create("http://localhost:" + this.port + pathAndQuery);
	}

	String path() {
		return this.lot.digitalLinkPath();
	}

	/** The lot's page or JSON, in a language ({@code Accept-Language}, or none) and revalidating a tag (or not). */
	EntityExchangeResult<byte[]> get(MediaType accept, String language, String ifNoneMatch) {
		var request = this.client.get().uri(u(path())).accept(accept);
		if (language != null) {
			request = request.header(HttpHeaders.ACCEPT_LANGUAGE, language);
		}
		if (ifNoneMatch != null) {
			request = request.header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch);
		}
		return request.exchange().expectBody().returnResult();
	}

}
