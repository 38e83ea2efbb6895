package vn.nguon.api.batch;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestMembers;
import vn.nguon.traceability.account.Member;
import vn.nguon.traceability.account.Role;
import vn.nguon.traceability.account.Scope;
import vn.nguon.traceability.batch.BatchRepository;
import vn.nguon.traceability.farm.FarmRepository;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.organisation.OrgId;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch API end to end: farms, products, the batch lifecycle, isolation, idempotency, exports. */
@NguonIntegrationTest
class BatchApiTests {

	static final Random RANDOM = new Random();

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	WebTestClient client;

	@Autowired
	ApplicationContext context;

	@Autowired
	BatchRepository batchRows;

	@Autowired
	FarmRepository farmRows;

	@Autowired
	org.springframework.r2dbc.core.DatabaseClient db;

	TestMembers members;

	OrgId org;

	Member admin;

	WebTestClient asAdmin;

	String farmId;

	String productId;

	String gtin;

	@BeforeEach
	void setUp() {
		// the machine is shared: cold paths may exceed WebTestClient's 5 s default
		this.client = this.client.mutate().responseTimeout(java.time.Duration.ofSeconds(30)).build();
		this.members = TestMembers.from(this.context);
		this.org = this.members.organisation().id();
		this.admin = this.members.member(this.org, Role.ADMIN);
		this.asAdmin = TestMembers.withToken(this.client, this.members.token(this.org, this.admin.userId(), Scope.ALL));
		this.farmId = post(this.asAdmin, "/api/farms", Map.of("name", "Vườn xoài ông Sáu", "commune", "Cát Hanh", "district",
				"Phù Cát", "province", "Bình Định", "location",
				Map.of("type", "Point", "coordinates", List.of(109.05, 14.02)))).get("id").asString();
		this.gtin = randomGtin();
		this.productId = post(this.asAdmin, "/api/products",
				Map.of("gtin", this.gtin, "nameVi", "Xoài cát Hòa Lộc", "nameEn", "Mango", "variety", "Cát Hòa Lộc"))
			.get("id")
			.asString();
	}

	static String randomGtin() {
		StringBuilder sb = new StringBuilder("0");
		for (int i = 0; i < 12; i++) {
			sb.append(RANDOM.nextInt(10));
		}
		return Gtin.withCheckDigit(sb.toString()).value();
	}

	static String randomLot() {
		return "L" + Integer.toString(RANDOM.nextInt(Integer.MAX_VALUE), 36).toUpperCase();
	}

	static JsonNode post(WebTestClient c, String uri, Object body) {
		byte[] bytes = c.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
			.expectStatus().isCreated()
			.expectHeader().exists(HttpHeaders.LOCATION)
			.expectBody().returnResult().getResponseBody();
		return JSON.readTree(bytes);
	}

	static JsonNode action(WebTestClient c, String uri, Object body) {
		byte[] bytes = c.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
			.expectStatus().isOk()
			.expectBody().returnResult().getResponseBody();
		return JSON.readTree(bytes);
	}

	static JsonNode get(WebTestClient c, String uri) {
		return JSON.readTree(c.get().uri(uri).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
	}

	Map<String, Object> harvest(String lot) {
		return Map.of("productId", this.productId, "farmId", this.farmId, "lot", lot, "fieldName", "Lô 3", "harvestDate",
				"2026-11-20", "quantity", 1200.5, "unit", "kg");
	}

	@Test
	void whenBatchCreatedThenHarvestEventIsInItsTimeline() {
		String lot = randomLot();
		JsonNode created = post(this.asAdmin, "/api/batches", harvest(lot));
		assertThat(created.get("lot").asString()).isEqualTo(lot);
		assertThat(created.get("status").asString()).isEqualTo("active");
		assertThat(created.get("digitalLink").asString()).isEqualTo("https://nguon.test/01/" + this.gtin + "/10/" + lot);
		JsonNode detail = get(this.asAdmin, "/api/batches/" + created.get("id").asString());
		assertThat(detail.get("product").get("name").asString()).contains("Xoài cát Hòa Lộc");
		assertThat(detail.get("farm").get("name").asString()).startsWith("Vườn xoài ông Sáu");
		JsonNode events = detail.get("events");
		assertThat(events).hasSize(1);
		JsonNode harvest = events.get(0);
		assertThat(harvest.get("eventId").asString()).isEqualTo(created.get("originEventId").asString());
		assertThat(harvest.get("type").asString()).isEqualTo("ObjectEvent");
		assertThat(harvest.get("action").asString()).isEqualTo("ADD");
		assertThat(harvest.get("bizStep").asString()).contains("commissioning");
		assertThat(harvest.get("event").toString()).contains("2026-11-20").contains("Lô 3");
	}

	@Test
	void whenLotGoesThroughItsLifecycleThenEveryStepIsAnEvent() {
		JsonNode b = post(this.asAdmin, "/api/batches", harvest(randomLot()));
		String id = b.get("id").asString();
		assertThat(action(this.asAdmin, "/api/batches/" + id + "/pack", Map.of()).get("batch").get("stage").asString())
			.isEqualTo("packed");
		JsonNode shipped = action(this.asAdmin, "/api/batches/" + id + "/ship",
				Map.of("destination", Map.of("name", "Chợ đầu mối Bình Điền"), "document",
						Map.of("type", "bol", "number", "VĐ-2026-001")));
		assertThat(shipped.get("batch").get("stage").asString()).isEqualTo("shipped");
		assertThat(action(this.asAdmin, "/api/batches/" + id + "/receive", Map.of("source", Map.of("name", "HTX")))
			.get("batch").get("stage").asString()).isEqualTo("received");
		JsonNode t = post(this.asAdmin, "/api/batches/" + id + "/transform", Map.of("kind", "split", "outputs",
				List.of(Map.of("quantity", 800, "unit", "kg", "label", "Loại 1"), Map.of("quantity", 400.5, "unit", "kg"))));
		assertThat(t.get("outputs")).hasSize(2);
		assertThat(t.get("inputs").get(0).get("stage").asString()).isEqualTo("consumed");
		String output = t.get("outputs").get(0).get("id").asString();
		JsonNode outDetail = get(this.asAdmin, "/api/batches/" + output);
		assertThat(outDetail.get("batch").get("harvestDate").asString()).isEqualTo("2026-11-20");
		assertThat(outDetail.get("events").get(0).get("type").asString()).isEqualTo("TransformationEvent");

		JsonNode recall = action(this.asAdmin, "/api/batches/" + id + "/recall", Map.of("reason", "Dư lượng thuốc BVTV"));
		assertThat(recall.get("batch").get("status").asString()).isEqualTo("recalled");
		JsonNode timeline = get(this.asAdmin, "/api/batches/" + id).get("events");
		assertThat(timeline).extracting(e -> e.get("type").asString() + "/" + last(e.get("bizStep")))
			.containsExactly("ObjectEvent/commissioning", "AggregationEvent/packing", "ObjectEvent/shipping",
					"ObjectEvent/receiving", "TransformationEvent/commissioning", "ObjectEvent/holding");
		assertThat(last(timeline.get(5).get("disposition"))).isEqualTo("recalled");
		// a recalled lot cannot be shipped again
		this.asAdmin.post().uri("/api/batches/" + id + "/ship").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("destination", Map.of("name", "X"))).exchange()
			.expectStatus().isEqualTo(409)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void whenLotIsRecalledThenEveryLotMadeFromItIsRecalledToo() {
		String id = post(this.asAdmin, "/api/batches", harvest(randomLot())).get("id").asString();
		JsonNode t = post(this.asAdmin, "/api/batches/transform", Map.of("kind", "split", "inputs",
				List.of(Map.of("batchId", id, "quantity", 600, "unit", "kg")), "outputs",
				List.of(Map.of("quantity", 600, "unit", "kg", "label", "Extra"))));
		String output = t.get("outputs").get(0).get("id").asString();
		String outputLot = t.get("outputs").get(0).get("lot").asString();
		// a partial split leaves the input in use
		assertThat(t.get("inputs").get(0).get("stage").asString()).isEqualTo("harvested");
		JsonNode recall = action(this.asAdmin, "/api/batches/" + id + "/recall", Map.of("reason", "Nhiễm khuẩn"));
		assertThat(recall.get("lots")).extracting(JsonNode::asString)
			.contains("01/" + this.gtin + "/10/" + outputLot);
		JsonNode out = get(this.asAdmin, "/api/batches/" + output);
		assertThat(out.get("batch").get("status").asString()).isEqualTo("recalled");
		assertThat(out.get("events")).anySatisfy(e -> assertThat(last(e.get("disposition"))).isEqualTo("recalled"));
		this.asAdmin.post().uri("/api/batches/" + id + "/recall").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("reason", "again")).exchange().expectStatus().isEqualTo(409);
	}

	@Test
	void whenApiDocsAreReadThenBatchRoutesAndTheirProblemsAreDocumented() {
		// springdoc builds the document on first request: slow on a busy machine
		JsonNode docs = JSON.readTree(this.client.mutate().responseTimeout(java.time.Duration.ofMinutes(3)).build()
			.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
			.returnResult().getResponseBody());
		JsonNode create = docs.get("paths").get("/api/batches").get("post");
		assertThat(create.get("summary").asString()).isEqualTo("Register a harvested lot");
		assertThat(create.get("responses").get("409").get("description").asString()).contains("idempotency-key-reused");
		assertThat(docs.get("paths").has("/api/batches/{id}/recall")).isTrue();
		assertThat(docs.get("paths").has("/api/exports/fsma204")).isTrue();
	}

	static String last(JsonNode word) {
		String s = word == null ? "" : word.asString();
		return s.substring(Math.max(s.lastIndexOf('-'), s.lastIndexOf('/')) + 1);
	}

	@Test
	void whenAnotherOrganisationAsksForABatchThenNotFound() {
		JsonNode b = post(this.asAdmin, "/api/batches", harvest(randomLot()));
		OrgId other = this.members.organisation().id();
		Member otherAdmin = this.members.member(other, Role.ADMIN);
		WebTestClient asOther = TestMembers.withToken(this.client, this.members.token(other, otherAdmin.userId(), Scope.ALL));
		String id = b.get("id").asString();
		asOther.get().uri("/api/batches/" + id).exchange().expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		asOther.get().uri("/api/batches/" + id + "/epcis").exchange().expectStatus().isNotFound();
		asOther.get().uri("/api/farms/" + this.farmId).exchange().expectStatus().isNotFound();
		asOther.get().uri("/api/products/" + this.productId).exchange().expectStatus().isNotFound();
		asOther.post().uri("/api/batches/" + id + "/pack").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())
			.exchange().expectStatus().isNotFound();
		// nor may it register batches on this organisation's farm and product
		asOther.post().uri("/api/batches").contentType(MediaType.APPLICATION_JSON).bodyValue(harvest(randomLot()))
			.exchange().expectStatus().isBadRequest();
		assertThat(get(asOther, "/api/batches?size=10").get("total").asLong()).isZero();
	}

	@Test
	void whenCreateIsRetriedWithSameKeyThenSameBatchAndNoDuplicate() {
		String key = UUID.randomUUID().toString();
		String id = UUID.randomUUID().toString();
		Map<String, Object> body = new java.util.HashMap<>(harvest(randomLot()));
		body.put("id", id);
		byte[] first = this.asAdmin.post().uri("/api/batches").header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
			.expectStatus().isCreated().expectBody().returnResult().getResponseBody();
		long count = this.batchRows.count(this.org).block();
		byte[] again = this.asAdmin.post().uri("/api/batches").header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
			.expectStatus().isCreated()
			.expectHeader().valueEquals(HttpHeaders.LOCATION, "/api/batches/" + id)
			.expectBody().returnResult().getResponseBody();
		assertThat(JSON.readTree(again)).isEqualTo(JSON.readTree(first));
		assertThat(JSON.readTree(first).get("id").asString()).isEqualTo(id);
		// the client id alone also recognises the retry
		this.asAdmin.post().uri("/api/batches").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
			.expectStatus().isCreated().expectBody().jsonPath("$.id").isEqualTo(id);
		assertThat(this.batchRows.count(this.org).block()).isEqualTo(count);
		assertThat(get(this.asAdmin, "/api/batches/" + id).get("events")).hasSize(1);
		// the same key with another body is a conflict
		Map<String, Object> other = new java.util.HashMap<>(harvest(randomLot()));
		this.asAdmin.post().uri("/api/batches").header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(other).exchange()
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.code").isEqualTo("idempotency-key-reused");
		assertThat(this.batchRows.count(this.org).block()).isEqualTo(count);
	}

	@Test
	void whenActionIsRetriedWithSameKeyThenOneEvent() {
		String id = post(this.asAdmin, "/api/batches", harvest(randomLot())).get("id").asString();
		String key = UUID.randomUUID().toString();
		Map<String, Object> ship = Map.of("destination", Map.of("id", "https://example.com/buyer/7", "name", "Vựa trái cây"));
		JsonNode first = JSON.readTree(this.asAdmin.post().uri("/api/batches/" + id + "/ship").header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(ship).exchange().expectStatus().isOk()
			.expectBody().returnResult().getResponseBody());
		JsonNode again = JSON.readTree(this.asAdmin.post().uri("/api/batches/" + id + "/ship").header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(ship).exchange().expectStatus().isOk()
			.expectBody().returnResult().getResponseBody());
		assertThat(again.get("eventId")).isEqualTo(first.get("eventId"));
		assertThat(get(this.asAdmin, "/api/batches/" + id).get("events")).hasSize(2);
	}

	@Test
	void whenInputIsBadThenProblemInVietnameseOrEnglishAndNothingStored() {
		long batches = this.batchRows.count(this.org).block();
		long farms = this.farmRows.count(this.org).block();
		Map<String, Object> future = new java.util.HashMap<>(harvest(randomLot()));
		future.put("harvestDate", LocalDate.now().plusDays(3).toString());
		this.asAdmin.post().uri("/api/batches").contentType(MediaType.APPLICATION_JSON).bodyValue(future).exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code").isEqualTo("harvest-date-in-future")
			.jsonPath("$.type").isEqualTo("/problems/harvest-date-in-future")
			.jsonPath("$.detail").value(d -> assertThat((String) d).contains("tương lai"));
		Map<String, Object> zero = new java.util.HashMap<>(harvest(randomLot()));
		zero.put("quantity", 0);
		this.asAdmin.post().uri("/api/batches").header(HttpHeaders.ACCEPT_LANGUAGE, "en")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(zero).exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.code").isEqualTo("invalid-quantity")
			.jsonPath("$.detail").value(d -> assertThat((String) d).contains("greater than 0"));
		Map<String, Object> pound = new java.util.HashMap<>(harvest(randomLot()));
		pound.put("unit", "pound");
		this.asAdmin.post().uri("/api/batches").contentType(MediaType.APPLICATION_JSON).bodyValue(pound).exchange()
			.expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid-unit");
		Map<String, Object> badLot = new java.util.HashMap<>(harvest("lô có dấu"));
		this.asAdmin.post().uri("/api/batches").contentType(MediaType.APPLICATION_JSON).bodyValue(badLot).exchange()
			.expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid-lot");
		this.asAdmin.post().uri("/api/batches").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"productId\": ")
			.exchange().expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		this.asAdmin.post().uri("/api/farms").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "Vườn", "location", Map.of("type", "Point", "coordinates", List.of(200, 14))))
			.exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid-location");
		this.asAdmin.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("gtin", "08934560000013", "nameVi", "Bưởi")).exchange()
			.expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid-gtin");
		this.asAdmin.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("gtin", this.gtin, "nameVi", "Trùng")).exchange()
			.expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("gtin-taken");
		assertThat(this.batchRows.count(this.org).block()).isEqualTo(batches);
		assertThat(this.farmRows.count(this.org).block()).isEqualTo(farms);
	}

	@Test
	void whenFarmerWritesOnlyTheirFarmThenOtherFarmsAreForbidden() {
		String otherFarm = post(this.asAdmin, "/api/farms", Map.of("name", "Vườn dừa")).get("id").asString();
		Member farmer = this.members.member(this.org, Role.FARMER, UUID.fromString(this.farmId));
		WebTestClient asFarmer = TestMembers.withToken(this.client,
				this.members.token(this.org, farmer.userId(), Set.of(Scope.READ, Scope.WRITE)));
		post(asFarmer, "/api/batches", harvest(randomLot()));
		Map<String, Object> elsewhere = new java.util.HashMap<>(harvest(randomLot()));
		elsewhere.put("farmId", otherFarm);
		long count = this.batchRows.count(this.org).block();
		asFarmer.post().uri("/api/batches").contentType(MediaType.APPLICATION_JSON).bodyValue(elsewhere).exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		String adminBatch = post(this.asAdmin, "/api/batches", elsewhere).get("id").asString();
		asFarmer.post().uri("/api/batches/" + adminBatch + "/pack").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of()).exchange().expectStatus().isForbidden();
		asFarmer.post().uri("/api/farms").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "x"))
			.exchange().expectStatus().isForbidden();
		assertThat(this.batchRows.count(this.org).block()).isEqualTo(count + 1);
	}

	@Test
	void whenAFarmIsRegisteredWithAFormerProvinceThenTodaysIsStored() {
		JsonNode farm = get(this.asAdmin, "/api/farms/" + this.farmId);
		assertThat(farm.get("province").asString()).as("Bình Định merged into Gia Lai on 1 July 2025").isEqualTo("Gia Lai");
		assertThat(farm.get("commune").asString()).isEqualTo("Cát Hanh");
	}

	@Test
	void whenFarmerReadsThenOnlyBatchesOfTheirFarmsExist() {
		String otherFarm = post(this.asAdmin, "/api/farms", Map.of("name", "Vườn điều")).get("id").asString();
		Member farmer = this.members.member(this.org, Role.FARMER, UUID.fromString(this.farmId));
		Member reviewer = this.members.member(this.org, Role.REVIEWER);
		String mine = post(this.asAdmin, "/api/batches", harvest(randomLot())).get("id").asString();
		Map<String, Object> elsewhere = new java.util.HashMap<>(harvest(randomLot()));
		elsewhere.put("farmId", otherFarm);
		String theirs = post(this.asAdmin, "/api/batches", elsewhere).get("id").asString();
		for (WebTestClient asFarmer : List.of(TestMembers.signIn(this.client, farmer),
				TestMembers.withToken(this.client, this.members.token(this.org, farmer.userId(), Set.of(Scope.READ))))) {
			JsonNode list = get(asFarmer, "/api/batches?size=200");
			List<String> ids = new java.util.ArrayList<>();
			list.get("items").forEach(b -> ids.add(b.get("id").asString()));
			assertThat(ids).contains(mine).doesNotContain(theirs);
			assertThat(list.get("total").asLong()).isEqualTo(ids.size());
			assertThat(get(asFarmer, "/api/batches?farm=" + otherFarm).get("total").asLong()).isZero();
			get(asFarmer, "/api/batches/" + mine);
			for (String path : List.of("/api/batches/" + theirs, "/api/batches/" + theirs + "/epcis",
					"/api/batches/" + theirs + "/grade")) {
				asFarmer.get().uri(path).exchange().expectStatus().isNotFound()
					.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
			}
			asFarmer.post().uri("/api/labels").contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("batchIds", List.of(theirs))).exchange().expectStatus().isNotFound();
			asFarmer.post().uri("/api/labels").contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("batchIds", List.of(mine))).exchange().expectStatus().isOk()
				.expectHeader().contentType(MediaType.APPLICATION_PDF);
		}
		WebTestClient asReviewer = TestMembers.signIn(this.client, reviewer);
		get(asReviewer, "/api/batches/" + theirs);
		List<String> all = new java.util.ArrayList<>();
		get(asReviewer, "/api/batches?size=200").get("items").forEach(b -> all.add(b.get("id").asString()));
		assertThat(all).contains(mine, theirs);
	}

	@Test
	void whenFarmerTracesOrCountsScansThenOnlyLotsOfTheirFarms() {
		String otherFarm = post(this.asAdmin, "/api/farms", Map.of("name", "Vườn tiêu")).get("id").asString();
		Member farmer = this.members.member(this.org, Role.FARMER, UUID.fromString(this.farmId));
		String mine = randomLot();
		post(this.asAdmin, "/api/batches", harvest(mine));
		String theirs = randomLot();
		Map<String, Object> elsewhere = new java.util.HashMap<>(harvest(theirs));
		elsewhere.put("farmId", otherFarm);
		post(this.asAdmin, "/api/batches", elsewhere);
		WebTestClient asFarmer = TestMembers.signIn(this.client, farmer);

		JsonNode trace = get(asFarmer, "/api/lots/" + this.gtin + "/" + mine + "/trace");
		assertThat(trace.get("farms")).isNotEmpty();
		trace.get("farms").forEach(f -> assertThat(f.get("farmId").asString()).isEqualTo(this.farmId));
		asFarmer.get().uri("/api/lots/" + this.gtin + "/" + theirs + "/trace").exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(get(this.asAdmin, "/api/lots/" + this.gtin + "/" + theirs + "/trace").get("farms").get(0)
			.get("farmId").asString()).isEqualTo(otherFarm);

		java.time.LocalDate today = java.time.LocalDate.now(vn.nguon.traceability.consumer.ScanCounter.ZONE);
		for (String lot : List.of(mine, theirs)) {
			this.db.sql("INSERT INTO lot_scan_day (gtin, lot, day, scans) VALUES (:g, :l, :d, 3)")
				.bind("g", this.gtin).bind("l", lot).bind("d", today).then().block();
		}
		List<String> farmerLots = new java.util.ArrayList<>();
		get(asFarmer, "/api/scans?gtin=" + this.gtin).forEach(c -> farmerLots.add(c.get("lot").asString()));
		assertThat(farmerLots).containsExactly(mine);
		List<String> adminLots = new java.util.ArrayList<>();
		get(this.asAdmin, "/api/scans?gtin=" + this.gtin).forEach(c -> adminLots.add(c.get("lot").asString()));
		assertThat(adminLots).containsExactlyInAnyOrder(mine, theirs);
	}

	@Test
	void whenListingThenFiltersApply() {
		String lot = randomLot();
		post(this.asAdmin, "/api/batches", harvest(lot));
		Map<String, Object> older = new java.util.HashMap<>(harvest(randomLot()));
		older.put("harvestDate", "2026-10-01");
		post(this.asAdmin, "/api/batches", older);
		assertThat(get(this.asAdmin, "/api/batches?from=2026-11-01").get("total").asLong()).isEqualTo(1);
		assertThat(get(this.asAdmin, "/api/batches?q=" + lot).get("items").get(0).get("lot").asString()).isEqualTo(lot);
		assertThat(get(this.asAdmin, "/api/batches?product=" + this.productId + "&status=active&size=1").get("total")
			.asLong()).isEqualTo(2);
		assertThat(get(this.asAdmin, "/api/batches?status=recalled").get("total").asLong()).isZero();
		this.asAdmin.get().uri("/api/batches?status=sold").exchange().expectStatus().isBadRequest();
	}

	@Test
	void whenExportedThenCsvAndXlsxCarryTheKeyDataElements() throws Exception {
		String lot = "=X" + randomLot();
		String id = post(this.asAdmin, "/api/batches", harvest(lot)).get("id").asString();
		action(this.asAdmin, "/api/batches/" + id + "/ship",
				Map.of("destination", Map.of("name", "Kho lạnh Quy Nhơn"), "document", Map.of("type", "bol", "number", "B-77")));
		byte[] csv = this.asAdmin.get().uri(u -> u.path("/api/exports/fsma204").queryParam("lot", "{lot}").build(lot))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
			.expectHeader().value(HttpHeaders.CONTENT_DISPOSITION, v -> assertThat(v).startsWith("attachment").contains(".csv"))
			.expectBody().returnResult().getResponseBody();
		String text = new String(csv, StandardCharsets.UTF_8);
		List<String> lines = text.lines().toList();
		assertThat(lines.get(0)).startsWith("\uFEFFCritical Tracking Event,Traceability Lot Code");
		assertThat(lines).hasSize(3);
		assertThat(lines.get(1)).startsWith("Harvesting,'" + lot + "," + this.gtin + ",Xoài cát Hòa Lộc (Mango),1200.5,kg,");
		assertThat(lines.get(1)).contains("2026-11-20");
		assertThat(lines.get(2)).startsWith("Shipping,'" + lot).contains("Kho lạnh Quy Nhơn").contains(",bol,B-77,");

		// the first XLSX of a run loads Apache POI, which takes a while on a busy machine
		byte[] xlsx = this.asAdmin.mutate().responseTimeout(java.time.Duration.ofSeconds(60)).build().get()
			.uri(u -> u.path("/api/exports/fsma204").queryParam("lot", "{lot}").queryParam("format", "xlsx").build(lot))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(ExportController.XLSX)
			.expectBody().returnResult().getResponseBody();
		try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
			Sheet s = wb.getSheetAt(0);
			assertThat(s.getLastRowNum()).isEqualTo(2);
			assertThat(s.getRow(1).getCell(0).getStringCellValue()).isEqualTo("Harvesting");
			assertThat(s.getRow(1).getCell(4).getNumericCellValue()).isEqualTo(1200.5);
			assertThat(s.getRow(2).getCell(13).getStringCellValue()).isEqualTo("bol");
		}
		// a date range without the shipping day leaves only the harvest
		String narrow = this.asAdmin.get()
			.uri(u -> u.path("/api/exports/fsma204").queryParam("lot", "{lot}").queryParam("to", "2026-11-20").build(lot))
			.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(narrow.lines()).hasSize(2);
		this.asAdmin.get().uri("/api/exports/fsma204?format=pdf").exchange().expectStatus().isBadRequest()
			.expectBody().jsonPath("$.code").isEqualTo("invalid-export-format");
	}

	@Test
	void whenEpcisDocumentOfALotIsAskedThenItHoldsItsEvents() {
		String id = post(this.asAdmin, "/api/batches", harvest(randomLot())).get("id").asString();
		action(this.asAdmin, "/api/batches/" + id + "/pack", Map.of());
		byte[] body = this.asAdmin.get().uri("/api/batches/" + id + "/epcis").exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("application/ld+json"))
			.expectBody().returnResult().getResponseBody();
		JsonNode doc = JSON.readTree(body);
		assertThat(doc.get("type").asString()).isEqualTo("EPCISDocument");
		assertThat(doc.get("schemaVersion").asString()).isEqualTo("2.0");
		assertThat(doc.get("epcisBody").get("eventList")).hasSize(2);
	}

}
