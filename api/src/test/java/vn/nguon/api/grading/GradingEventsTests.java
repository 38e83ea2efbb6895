package vn.nguon.api.grading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestMembers;
import vn.nguon.grading.live.GradingChanges;
import vn.nguon.traceability.account.Member;
import vn.nguon.traceability.account.Role;
import vn.nguon.traceability.account.Scope;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.organisation.OrgId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/grading/events}: a reviewer's stream announces the verdicts, grades and reviews of
 * the own organisation as they are written (NOTIFY from the database), nothing of another organisation;
 * the anonymous public and farmers are refused with problem details; a lost database listener comes
 * back and says so.
 */
@NguonIntegrationTest
class GradingEventsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration GRADING = Duration.ofSeconds(120);

	@Autowired
	WebTestClient anonymous;

	@Autowired
	ApplicationContext context;

	@Autowired
	DatabaseClient db;

	@Autowired
	GradingChanges changes;

	TestMembers members;

	Side a;

	Side b;

	final List<Disposable> streams = new ArrayList<>();

	/** One organisation: a batch of tomatoes, a reviewer's browser and an administrator's token. */
	record Side(OrgId org, UUID batchId, Member reviewer, WebTestClient reviewerBrowser, WebTestClient admin,
			Member farmer) {
	}

	@BeforeEach
	void twoOrganisations() {
		this.anonymous = TestMembers.patient(this.anonymous);
		this.members = TestMembers.from(this.context);
		this.a = side();
		this.b = side();
	}

	@AfterEach
	void closeStreams() {
		this.streams.forEach(Disposable::dispose);
	}

	private Side side() {
		OrgId org = this.members.organisation().id();
		UUID product = UUID.randomUUID();
		UUID batch = UUID.randomUUID();
		Random r = new Random();
		StringBuilder digits = new StringBuilder();
		for (int i = 0; i < 13; i++) {
			digits.append(r.nextInt(10));
		}
		String gtin = Gtin.withCheckDigit(digits.toString()).value();
		this.db.sql("INSERT INTO product (id, org_id, gtin, name_vi, name_en) VALUES (:id, :org, :gtin, 'Cà chua', 'Tomato')")
			.bind("id", product).bind("org", org.value()).bind("gtin", gtin).fetch().rowsUpdated().block();
		this.db.sql("INSERT INTO batch (id, org_id, product_id, gtin, lot) VALUES (:id, :org, :p, :gtin, :lot)")
			.bind("id", batch).bind("org", org.value()).bind("p", product).bind("gtin", gtin)
			.bind("lot", "SSE" + Integer.toString(r.nextInt(1 << 30), 36).toUpperCase()).fetch().rowsUpdated().block();
		Member reviewer = this.members.member(org, Role.REVIEWER);
		Member admin = this.members.member(org, Role.ADMIN);
		Member farmer = this.members.member(org, Role.FARMER, this.members.farm(org));
		return new Side(org, batch, reviewer, TestMembers.signIn(this.anonymous, reviewer),
				TestMembers.withToken(this.anonymous, this.members.token(org, admin.userId(), Scope.ALL)), farmer);
	}

	@Test
	void whenAPhotoIsGradedAndReviewedThenTheReviewersStreamAnnouncesVerdictGradeAndReviewAndNoOtherOrganisationHearsOfIt()
			throws Exception {
		Stream streamA = open(this.a.reviewerBrowser());
		Stream streamB = open(this.b.reviewerBrowser());

		UUID photoA = upload(this.a);
		ServerSentEvent<String> verdict = streamA.await(e -> "verdict".equals(e.event())
				&& photoA.toString().equals(data(e).path("photoId").asString()));
		assertThat(data(verdict).path("batchId").asString()).isEqualTo(this.a.batchId().toString());
		ServerSentEvent<String> grade = streamA.await(
				e -> "grade".equals(e.event()) && this.a.batchId().toString().equals(data(e).path("batchId").asString()));
		assertThat(Long.parseLong(grade.id())).isGreaterThan(Long.parseLong(verdict.id()));
		assertThat(data(grade).path("needsReview").isBoolean()).isTrue();
		String gradeId = data(grade).path("gradeId").asString();

		// the reviewer confirms: the review is announced too
		this.a.reviewerBrowser().post().uri("/api/grading/reviews").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("target", "batch", "gradeId", gradeId, "action", "confirm", "reason", "Ảnh rõ, đúng hạng"))
			.exchange().expectStatus().isCreated();
		ServerSentEvent<String> review = streamA.await(e -> "review".equals(e.event())
				&& gradeId.equals(data(e).path("gradeId").asString()));
		assertThat(data(review).path("reviewId").asString()).isNotEmpty();

		// B's own photo reaches B's stream after all of A's changes (one listener, in order): by then B has
		// been sent everything it would ever get of A's
		UUID photoB = upload(this.b);
		streamB.await(e -> "verdict".equals(e.event()) && photoB.toString().equals(data(e).path("photoId").asString()));
		assertThat(streamB.seen()).as("B's stream").isNotEmpty().noneMatch(e -> mentions(e, this.a.batchId(), photoA,
				UUID.fromString(gradeId)));
		// and A never hears of B's photo (given the time B needed to hear of it)
		Thread.sleep(500);
		assertThat(streamA.seen()).as("A's stream").noneMatch(e -> mentions(e, this.b.batchId(), photoB));
	}

	@Test
	void whenAnonymousThenUnauthorizedProblem() {
		this.anonymous.get().uri("/api/grading/events").accept(MediaType.TEXT_EVENT_STREAM).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(401);
	}

	@Test
	void whenAFarmerAsksThenForbiddenProblem() {
		TestMembers.signIn(this.anonymous, this.a.farmer()).get().uri("/api/grading/events")
			.accept(MediaType.TEXT_EVENT_STREAM).exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void theStreamIsInTheOpenApiDocument() {
		this.anonymous.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.paths['/api/grading/events'].get.responses['200'].content['text/event-stream']").exists()
			.jsonPath("$.paths['/api/grading/events'].get.responses['401'].content['application/problem+json']").exists();
	}

	@Test
	void whenTheDatabaseListenerIsCutThenItComesBackSaysResyncAndDeliversAgain() throws Exception {
		Stream stream = open(this.a.reviewerBrowser());
		Long cut = this.db.sql("""
				SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
				WHERE application_name = :name AND datname = current_database()""")
			.bind("name", this.changes.applicationName()).map(r -> r.get("n", Long.class)).one().block();
		assertThat(cut).isEqualTo(1);
		stream.await(e -> "resync".equals(e.event()));
		assertThat(this.changes.isListening()).isTrue();
		// a change written now (as the trigger would announce it) arrives
		UUID photo = UUID.randomUUID();
		this.db.sql("SELECT pg_notify('nguon_grading', :p)")
			.bind("p", "{\"id\": 1, \"kind\": \"verdict\", \"org\": \"" + this.a.org().value() + "\", \"batch\": \""
					+ this.a.batchId() + "\", \"photo\": \"" + photo + "\"}")
			.fetch().rowsUpdated().block();
		stream.await(e -> "verdict".equals(e.event()) && photo.toString().equals(data(e).path("photoId").asString()));
	}

	/** Opens the stream, waits for its {@code ready} event, and collects what follows. */
	private Stream open(WebTestClient client) throws InterruptedException {
		FluxExchangeResult<ServerSentEvent<String>> result = client.get().uri("/api/grading/events")
			.accept(MediaType.TEXT_EVENT_STREAM).exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			});
		BlockingQueue<ServerSentEvent<String>> events = new LinkedBlockingQueue<>();
		this.streams.add(result.getResponseBody().subscribe(events::add));
		ServerSentEvent<String> ready = events.poll(30, TimeUnit.SECONDS);
		assertThat(ready).as("the stream starts with ready").isNotNull();
		assertThat(ready.event()).isEqualTo("ready");
		assertThat(data(ready).path("listening").asBoolean()).isTrue();
		return new Stream(events, new ArrayList<>());
	}

	/** The events of an open stream: those still to read, and every one read so far. */
	record Stream(BlockingQueue<ServerSentEvent<String>> events, List<ServerSentEvent<String>> read) {

		/** @return the first event (read from now on) that is wanted */
		ServerSentEvent<String> await(Predicate<ServerSentEvent<String>> wanted) throws InterruptedException {
			long deadline = System.nanoTime() + GRADING.toNanos();
			while (System.nanoTime() < deadline) {
				ServerSentEvent<String> e = this.events.poll(500, TimeUnit.MILLISECONDS);
				if (e != null) {
					this.read.add(e);
					if (wanted.test(e)) {
						return e;
					}
				}
			}
			throw new AssertionError("the awaited event did not come; seen: " + this.read);
		}

		/** @return every event received so far */
		List<ServerSentEvent<String>> seen() {
			this.events.drainTo(this.read);
			return this.read;
		}

	}

	private static boolean mentions(ServerSentEvent<String> e, UUID... ids) {
		for (UUID id : ids) {
			if (String.valueOf(e.data()).contains(id.toString())) {
				return true;
			}
		}
		return false;
	}

	private static JsonNode data(ServerSentEvent<String> e) {
		return e.data() == null ? JSON.createObjectNode() : JSON.readTree(e.data());
	}

	private UUID upload(Side side) throws Exception {
		Map<?, ?> answer = side.admin().post().uri("/api/batches/{id}/photos", side.batchId())
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(BodyInserters.fromMultipartData(
					GradingEndToEndTests.parts(GradingEndToEndTests.tomatoPhotos(1), "image/jpeg").build()))
			.exchange().expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		return UUID.fromString((String) ((Map<?, ?>) ((List<?>) answer.get("photos")).get(0)).get("photoId"));
	}

}
