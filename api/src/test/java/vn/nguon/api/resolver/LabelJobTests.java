package vn.nguon.api.resolver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestMembers;
import vn.nguon.traceability.account.Member;
import vn.nguon.traceability.account.Role;
import vn.nguon.traceability.account.Scope;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.label.LabelJob;
import vn.nguon.traceability.label.LabelJobRepository;
import vn.nguon.traceability.organisation.OrgId;

import static org.assertj.core.api.Assertions.assertThat;

/** Label sheets: small ones at once, large ones as jobs in PostgreSQL that any replica answers. */
@NguonIntegrationTest
class LabelJobTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	WebTestClient client;

	@Autowired
	ApplicationContext context;

	@Autowired
	DatabaseClient db;

	TestMembers members;

	OrgId org;

	WebTestClient asAdmin;

	String batchId;

	@BeforeEach
	void setUp() {
		// label PDFs are larger than the client's default 256 KiB buffer
		this.client = TestMembers.patient(this.client).mutate()
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(64 * 1024 * 1024))
			.build();
		this.members = TestMembers.from(this.context);
		this.org = this.members.organisation().id();
		Member admin = this.members.member(this.org, Role.ADMIN);
		this.asAdmin = TestMembers.withToken(this.client, this.members.token(this.org, admin.userId(), Scope.ALL));
		String farm = post("/api/farms", Map.of("name", "Vườn số 9", "commune", "Tà Nung", "district", "Đà Lạt",
				"province", "Lâm Đồng")).get("id").asString();
		String gtin = Gtin.withCheckDigit("0893" + String.format("%09d", new Random().nextInt(1_000_000_000))).value();
		String product = post("/api/products", Map.of("gtin", gtin, "nameVi", "Cà chua bi", "nameEn", "Cherry tomatoes"))
			.get("id").asString();
		this.batchId = post("/api/batches", Map.of("productId", product, "farmId", farm, "lot",
				"L" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(), "harvestDate", "2026-11-20",
				"quantity", 10, "unit", "kg")).get("id").asString();
	}

	@Test
	void aSmallSheetIsAnsweredAtOnce() {
		byte[] pdf = this.asAdmin.post().uri("/api/labels").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("batchIds", List.of(this.batchId), "copies", 3))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.APPLICATION_PDF)
			.expectBody().returnResult().getResponseBody();
		assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-");
	}

	@Test
	void aLargeJobIsStoredAndAnyRepositoryOverTheTableAnswersIt() throws InterruptedException {
		JsonNode started = JSON.readTree(this.asAdmin.post().uri("/api/labels").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("batchIds", List.of(this.batchId), "copies", LabelsController.INLINE_LIMIT + 1))
			.exchange()
			.expectStatus().isAccepted()
			.expectHeader().exists("Location")
			.expectBody().returnResult().getResponseBody());
		String id = started.get("id").asString();
		assertThat(started.get("state").asString()).isEqualTo("running");
		assertThat(started.get("total").asInt()).isEqualTo(LabelsController.INLINE_LIMIT + 1);

		JsonNode progress = null;
		for (int i = 0; i < 240; i++) {
			progress = JSON.readTree(this.asAdmin.get().uri("/api/labels/" + id).exchange().expectStatus().isOk()
				.expectBody().returnResult().getResponseBody());
			if (!"running".equals(progress.get("state").asString())) {
				break;
			}
			Thread.sleep(250);
		}
		assertThat(progress.get("state").asString()).isEqualTo("done");
		assertThat(progress.get("done").asInt()).isEqualTo(LabelsController.INLINE_LIMIT + 1);
		assertThat(progress.get("pdf").asString()).isEqualTo("/api/labels/" + id + "/pdf");
		byte[] pdf = this.asAdmin.get().uri("/api/labels/" + id + "/pdf").exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.APPLICATION_PDF)
			.expectBody().returnResult().getResponseBody();
		assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-");

		// another replica, or this one after a restart: a new repository over the same table
		LabelJobRepository other = new LabelJobRepository(this.db, Duration.ofMinutes(2));
		LabelJob job = other.find(this.org, UUID.fromString(id)).block();
		assertThat(job).isNotNull();
		assertThat(job.isDone()).isTrue();
		assertThat(job.finishedAt()).isNotNull();
		assertThat(other.pdf(this.org, UUID.fromString(id)).block()).isEqualTo(pdf);
		String state = this.db.sql("SELECT state FROM label_job WHERE id = :id").bind("id", UUID.fromString(id))
			.map(row -> row.get("state", String.class)).one().block();
		assertThat(state).isEqualTo("done");

		// only the organisation's own jobs are found
		OrgId stranger = this.members.organisation().id();
		Member strangerAdmin = this.members.member(stranger, Role.ADMIN);
		WebTestClient asStranger = TestMembers.withToken(this.client,
				this.members.token(stranger, strangerAdmin.userId(), Scope.ALL));
		asStranger.get().uri("/api/labels/" + id).exchange().expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.code").isEqualTo("label-job-not-found");
		asStranger.get().uri("/api/labels/" + id + "/pdf").exchange().expectStatus().isNotFound();
		this.asAdmin.get().uri("/api/labels/not-a-job").exchange().expectStatus().isNotFound();
	}

	@Test
	void aJobWhoseInstanceStoppedIsReportedFailed() {
		LabelJobRepository repository = new LabelJobRepository(this.db, Duration.ofMinutes(2));
		LabelJob job = repository.create(this.org, 1000, Duration.ofHours(1)).block();
		this.asAdmin.get().uri("/api/labels/" + job.id()).exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.state").isEqualTo("running");
		// its runner's heartbeat stopped three minutes ago
		this.db.sql("UPDATE label_job SET heartbeat_at = now() - interval '3 minutes' WHERE id = :id")
			.bind("id", job.id()).then().block();
		this.asAdmin.get().uri("/api/labels/" + job.id()).exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.state").isEqualTo("failed").jsonPath("$.pdf").doesNotExist();
		assertThat(repository.find(this.org, job.id()).block().error()).isEqualTo(LabelJobRepository.INTERRUPTED);
		this.asAdmin.get().uri("/api/labels/" + job.id() + "/pdf").exchange().expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.code").isEqualTo("label-job-not-finished");
	}

	private JsonNode post(String uri, Object body) {
		return JSON.readTree(this.asAdmin.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
			.exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody());
	}

}
