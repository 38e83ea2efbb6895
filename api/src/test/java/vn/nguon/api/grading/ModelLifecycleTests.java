package vn.nguon.api.grading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestAuth;
import vn.nguon.api.support.TestMembers;
import vn.nguon.grading.lifecycle.ActiveModelFollower;
import vn.nguon.grading.lifecycle.LifecycleSettings;
import vn.nguon.grading.lifecycle.ModelAnnouncements;
import vn.nguon.grading.lifecycle.ModelArchives;
import vn.nguon.grading.lifecycle.ModelLifecycle;
import vn.nguon.grading.lifecycle.RetrainJob;
import vn.nguon.grading.lifecycle.RetrainJobs;
import vn.nguon.grading.model.GraderRegistry;
import vn.nguon.grading.model.InferenceEngine;
import vn.nguon.grading.queue.GradingStore;
import vn.nguon.grading.queue.ModelRecords;
import vn.nguon.traceability.account.Member;
import vn.nguon.traceability.account.Role;
import vn.nguon.traceability.account.Scope;
import vn.nguon.traceability.organisation.OrgId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin retrains in the background (a tiny network here, see the test profile), follows its progress,
 * finds the candidate loaded but not active, and promotes it only when it is at least as good on the
 * held-out specimens as the active model; the active model can be switched back. Jobs and the retrained
 * model's files live in PostgreSQL: another replica (a new repository, a new lifecycle with an empty
 * registry and model directory) answers the job and loads the model; a job whose instance stopped is
 * reported failed.
 */
@NguonIntegrationTest
class ModelLifecycleTests {

	@Autowired
	WebTestClient anonymous;

	@Value("${nguon.grading.base-data}")
	String baseData;

	@Autowired
	DatabaseClient db;

	@Autowired
	ApplicationContext context;

	@Autowired
	ModelRecords records;

	@Autowired
	ModelArchives archives;

	@Autowired
	GradingStore store;

	@Autowired
	Scheduler gradingScheduler;

	@Autowired
	ConnectionFactory connections;

	@Test
	void retrainFollowPromoteOnlyWhenAtLeastAsGoodAndSwitchBack() throws Exception {
		Assumptions.assumeTrue(Files.isRegularFile(Path.of(this.baseData, "FILES.tsv")),
				"the base training data (../shared/datasets/produce-quality) is absent: retraining cannot run here");
		WebTestClient admin = TestAuth.asAdmin(this.anonymous).mutate().responseTimeout(Duration.ofSeconds(60)).build();
		JsonNode before = active(admin);

		String location = admin.post().uri("/api/grading/models/retrain").exchange()
			.expectStatus().isAccepted()
			.returnResult(String.class).getResponseHeaders().getLocation().toString();
		JsonNode job = admin.get().uri(location).exchange().expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		String version = job.path("version").asString();
		long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
		while ("running".equals(job.path("state").asString()) && System.nanoTime() < deadline) {
			Thread.sleep(500);
			job = admin.get().uri(location).exchange().expectStatus().isOk()
				.expectBody(JsonNode.class).returnResult().getResponseBody();
		}
		assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("done");
		assertThat(job.path("progress").asDouble()).isEqualTo(1.0);

		// another replica, or this one after a restart: a new repository over the same table
		UUID jobId = UUID.fromString(job.path("id").asString());
		UUID org = this.db.sql("SELECT org_id FROM grading_retrain_job WHERE id = :id").bind("id", jobId)
			.map(r -> r.get("org_id", UUID.class)).one().block();
		RetrainJob stored = new RetrainJobs(this.db, Duration.ofMinutes(2)).find(org, jobId).block();
		assertThat(stored.state()).isEqualTo(RetrainJob.DONE);
		assertThat(stored.version()).isEqualTo(version);
		assertThat(stored.finishedAt()).isNotNull();
		assertThat(stored.message()).isEqualTo(job.path("message").asString());

		// a replica that did not train it loads the model from PostgreSQL into its own model directory
		Path elsewhere = Files.createTempDirectory("other-replica-models");
		try (GraderRegistry otherGraders = new GraderRegistry();
				ModelLifecycle other = new ModelLifecycle(this.records, new RetrainJobs(this.db, Duration.ofMinutes(2)),
						this.archives, this.store, otherGraders,
						new LifecycleSettings(Path.of(this.baseData), elsewhere, "", InferenceEngine.ONNXRUNTIME),
						this.gradingScheduler)) {
			assertThat(this.archives.exists(version).block()).isTrue();
			assertThat(other.load(version).block(Duration.ofSeconds(60))).isTrue();
			assertThat(otherGraders.loaded(version)).isNotNull();
			assertThat(elsewhere.resolve(version).resolve("model.json")).isRegularFile();

			// a promotion made through another instance is announced and reaches this one at once
			String product = this.records.find(version).block().product();
			String was = this.records.active(product).block().version();
			try (ActiveModelFollower follower = new ActiveModelFollower(other,
					new ModelAnnouncements(this.connections, Duration.ofSeconds(30)), Duration.ofHours(1))) {
				follower.follow();
				long listening = System.nanoTime() + Duration.ofSeconds(60).toNanos();
				while (!follower.isListening() && System.nanoTime() < listening) {
					Thread.sleep(50);
				}
				assertThat(follower.isListening()).as("the other replica listens for promotions").isTrue();
				Thread.sleep(1000); // the sync that follows LISTEN is done: only the announcement can switch it now
				assertThat(otherGraders.activeVersion(product)).isNotEqualTo(version);
				this.records.activate(version).block();
				long heard = System.nanoTime() + Duration.ofSeconds(20).toNanos();
				while (!version.equals(otherGraders.activeVersion(product)) && System.nanoTime() < heard) {
					Thread.sleep(50);
				}
				assertThat(otherGraders.activeVersion(product)).as("switched on the announcement, not the 1 h poll")
					.isEqualTo(version);
				follower.close();
				assertThat(other.sync().block(Duration.ofSeconds(60))).as("nothing changed since").isZero();
			}
			finally {
				// undo the simulated promotion, so the rest of this test sees a candidate that was never active
				this.records.activate(was).block();
				this.db.sql("UPDATE grading_model SET promoted_at = NULL WHERE version = :v").bind("v", version).then()
					.block();
			}
		}

		JsonNode candidate = model(admin, version);
		assertThat(candidate.path("active").asBoolean()).isFalse();
		assertThat(candidate.path("loaded").asBoolean()).isTrue();
		assertThat(candidate.path("source").asString()).isEqualTo("retrained");
		JsonNode held = candidate.path("metrics").path("heldOutSpecimens");
		assertThat(held.path("accuracy").isNumber()).as("evaluated on the held-out specimens").isTrue();
		JsonNode activeHeld = before.path("metrics").path("heldOutSpecimens");
		boolean atLeastAsGood = held.path("accuracy").asDouble() >= activeHeld.path("accuracy").asDouble()
				&& held.path("freshRottenConfusion").asDouble() <= activeHeld.path("freshRottenConfusion").asDouble();

		if (atLeastAsGood) {
			admin.post().uri("/api/grading/models/{v}/promote", version).exchange().expectStatus().isOk();
			assertThat(active(admin).path("version").asString()).isEqualTo(version);
			admin.post().uri("/api/grading/models/{v}/rollback", before.path("version").asString()).exchange()
				.expectStatus().isOk();
		}
		else {
			admin.post().uri("/api/grading/models/{v}/promote", version).exchange()
				.expectStatus().isEqualTo(HttpStatus.CONFLICT)
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody().jsonPath("$.type").value(t -> assertThat(String.valueOf(t)).endsWith("model-not-better"));
			admin.post().uri("/api/grading/models/{v}/rollback", version).exchange()
				.expectStatus().isEqualTo(HttpStatus.CONFLICT)
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		}
		assertThat(active(admin).path("version").asString()).isEqualTo(before.path("version").asString());
		assertThat(model(admin, version).path("active").asBoolean()).isFalse();
	}

	@Test
	void onlyAdminsRetrainAndUnknownJobsAreNotFound() {
		this.anonymous.post().uri("/api/grading/models/retrain").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		TestAuth.asAdmin(this.anonymous).get().uri("/api/grading/models/retrain/{id}", java.util.UUID.randomUUID())
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		TestAuth.asAdmin(this.anonymous).post().uri("/api/grading/models/{v}/promote", "no-such-model").exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void aJobIsReadBackFromTheTableAndOneWhoseInstanceStoppedIsReportedFailed() {
		TestMembers members = TestMembers.from(this.context);
		OrgId org = members.organisation().id();
		Member admin = members.member(org, Role.ADMIN);
		WebTestClient asAdmin = TestMembers.withToken(this.anonymous, members.token(org, admin.userId(), Scope.ALL));
		UUID id = UUID.randomUUID();
		RetrainJobs writer = new RetrainJobs(this.db, Duration.ofMinutes(2));
		writer.create(id, org.value(), "tomato-test-" + id.toString().substring(0, 8), "exporting reviewed photos")
			.block();
		writer.progress(id, 0.25, "member 1/3 epoch 1").block();

		// the writer is gone: any repository over the table, and the HTTP API, answer the job
		RetrainJob read = new RetrainJobs(this.db, Duration.ofMinutes(2)).find(org.value(), id).block();
		assertThat(read.state()).isEqualTo(RetrainJob.RUNNING);
		assertThat(read.progress()).isEqualTo(0.25);
		assertThat(read.message()).isEqualTo("member 1/3 epoch 1");
		asAdmin.get().uri("/api/grading/models/retrain/{id}", id).exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.state").isEqualTo("running").jsonPath("$.progress").isEqualTo(0.25);
		// another organisation's admin does not see it
		TestAuth.asAdmin(this.anonymous).get().uri("/api/grading/models/retrain/{id}", id).exchange()
			.expectStatus().isNotFound();

		// its runner's heartbeat stopped three minutes ago
		this.db.sql("UPDATE grading_retrain_job SET heartbeat_at = now() - interval '3 minutes' WHERE id = :id")
			.bind("id", id).then().block();
		asAdmin.get().uri("/api/grading/models/retrain/{id}", id).exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.state").isEqualTo("failed").jsonPath("$.finishedAt").exists();
		RetrainJob failed = new RetrainJobs(this.db, Duration.ofMinutes(2)).find(org.value(), id).block();
		assertThat(failed.state()).isEqualTo(RetrainJob.FAILED);
		assertThat(failed.error()).isEqualTo(RetrainJobs.INTERRUPTED);
		// a late heartbeat of the dead runner does not revive it
		writer.progress(id, 0.5, "member 2/3").block();
		assertThat(writer.find(org.value(), id).block().state()).isEqualTo(RetrainJob.FAILED);
	}

	private static JsonNode active(WebTestClient admin) {
		return models(admin).stream()
			.filter(m -> m.path("active").asBoolean() && "tomato".equals(m.path("product").asString()))
			.findFirst()
			.orElseThrow();
	}

	private static JsonNode model(WebTestClient admin, String version) {
		return models(admin).stream().filter(m -> version.equals(m.path("version").asString())).findFirst().orElseThrow();
	}

	private static List<JsonNode> models(WebTestClient admin) {
		JsonNode list = admin.get().uri("/api/grading/models").exchange().expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		return list.valueStream().toList();
	}

}
