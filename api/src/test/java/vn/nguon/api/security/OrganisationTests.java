package vn.nguon.api.security;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestAuth;
import vn.nguon.api.support.TestMembers;
import vn.nguon.traceability.account.Member;
import vn.nguon.traceability.account.Role;
import vn.nguon.traceability.account.Scope;
import vn.nguon.traceability.organisation.OrgId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many organisations on one platform: the operator (the bootstrap admin's organisation) creates
 * them with their first admin and disables them; nobody else can.
 */
@NguonIntegrationTest
class OrganisationTests {

	@Autowired
	WebTestClient client;

	@Autowired
	ApplicationContext context;

	@Autowired
	DatabaseClient db;

	WebTestClient operator;

	TestMembers members;

	@BeforeEach
	void setUp() {
		this.client = TestMembers.patient(this.client);
		this.operator = TestAuth.asAdmin(this.client);
		this.members = TestMembers.from(this.context);
	}

	JsonNode create(String name, String gln, String email) {
		return this.operator.post().uri("/api/organisations").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name, "gln", gln, "adminEmail", email, "adminPassword", TestMembers.PASSWORD))
			.exchange()
			.expectStatus().isCreated()
			.expectHeader().exists("Location")
			.expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	long organisationsNamed(String name) {
		return this.db.sql("SELECT count(*) AS n FROM organisation WHERE name = :n").bind("n", name)
			.map(r -> r.get("n", Long.class)).one().block();
	}

	@Test
	void whenOperatorCreatesOrganisationThenItsAdminSignsInThere() {
		String gln = TestMembers.gln();
		String email = "trader-" + UUID.randomUUID() + "@test.nguon.vn";
		String name = "Đại lý Thu Mua " + UUID.randomUUID().toString().substring(0, 6);
		JsonNode created = create(name, gln, email);
		assertThat(created.get("name").asString()).isEqualTo(name);
		assertThat(created.get("gln").asString()).isEqualTo(gln);
		String id = created.get("id").asString();

		WebTestClient admin = TestMembers.signIn(this.client, email, TestMembers.PASSWORD);
		admin.get().uri("/api/session").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.organisationId").isEqualTo(id).jsonPath("$.role").isEqualTo("admin");
		// the new admin is not the operator
		admin.post().uri("/api/organisations").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "Nope", "gln", TestMembers.gln(), "adminEmail", "x-" + email, "adminPassword", TestMembers.PASSWORD))
			.exchange().expectStatus().isForbidden()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(organisationsNamed("Nope")).isZero();
		admin.patch().uri("/api/organisations/{id}", id).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("disabled", true)).exchange().expectStatus().isForbidden();

		this.operator.get().uri("/api/organisations").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$[?(@.id == '" + id + "')].gln").isEqualTo(gln);
	}

	@Test
	void whenInputIsBadOrTakenThenNothingIsCreated() {
		String name = "Sai " + UUID.randomUUID().toString().substring(0, 6);
		String goodGln = TestMembers.gln();
		String badCheck = goodGln.substring(0, 12) + ((goodGln.charAt(12) - '0' + 1) % 10);
		this.operator.post().uri("/api/organisations").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name, "gln", badCheck, "adminEmail", "a-" + UUID.randomUUID() + "@test.nguon.vn",
					"adminPassword", TestMembers.PASSWORD))
			.exchange().expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.code").isEqualTo("invalid-gln");
		Member taken = this.members.member(this.members.organisation().id(), Role.FARMER);
		this.operator.post().uri("/api/organisations").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name, "gln", goodGln, "adminEmail", taken.email(), "adminPassword",
					TestMembers.PASSWORD))
			.exchange().expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.code").isEqualTo("email-taken");
		assertThat(organisationsNamed(name)).isZero();
		assertThat(this.db.sql("SELECT count(*) AS n FROM organisation_party WHERE gln = :g").bind("g", goodGln)
			.map(r -> r.get("n", Long.class)).one().block()).isZero();

		create(name, goodGln, "first-" + UUID.randomUUID() + "@test.nguon.vn");
		this.operator.post().uri("/api/organisations").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name + " 2", "gln", goodGln, "adminEmail", "second-" + UUID.randomUUID() + "@test.nguon.vn",
					"adminPassword", TestMembers.PASSWORD))
			.exchange().expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.code").isEqualTo("gln-taken");
		assertThat(organisationsNamed(name + " 2")).isZero();
		this.operator.post().uri("/api/organisations").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", " ", "gln", TestMembers.gln(), "adminEmail", "third-" + UUID.randomUUID() + "@test.nguon.vn",
					"adminPassword", TestMembers.PASSWORD))
			.exchange().expectStatus().isBadRequest()
			.expectBody().jsonPath("$.code").isEqualTo("invalid-organisation-name");
	}

	@Test
	void whenOrganisationIsDisabledThenItsSessionsAndTokensStopAtOnce() {
		String email = "packer-" + UUID.randomUUID() + "@test.nguon.vn";
		String id = create("Nhà đóng gói " + UUID.randomUUID().toString().substring(0, 6), TestMembers.gln(), email).get("id").asString();
		WebTestClient session = TestMembers.signIn(this.client, email, TestMembers.PASSWORD);
		String secret = this.members.token(OrgId.of(UUID.fromString(id)), null, Scope.ALL);
		WebTestClient token = TestMembers.withToken(this.client, secret);
		session.get().uri("/api/batches").exchange().expectStatus().isOk();
		token.get().uri("/api/batches").exchange().expectStatus().isOk();

		this.operator.patch().uri("/api/organisations/{id}", id).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("disabled", true)).exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.disabled").isEqualTo(true);
		session.get().uri("/api/batches").exchange().expectStatus().isUnauthorized();
		token.get().uri("/api/batches").exchange().expectStatus().isUnauthorized();
		this.operator.get().uri("/api/organisations").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$[?(@.id == '" + id + "')].disabled").isEqualTo(true);

		this.operator.patch().uri("/api/organisations/{id}", id).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("disabled", false)).exchange().expectStatus().isOk();
		token.get().uri("/api/batches").exchange().expectStatus().isOk();
		TestMembers.signIn(this.client, email, TestMembers.PASSWORD).get().uri("/api/batches").exchange()
			.expectStatus().isOk();
	}

	@Test
	void whenOperatorTriesToDisableItsOwnOrganisationThenConflict() {
		String own = this.operator.get().uri("/api/session").exchange().expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody().get("organisationId").asString();
		this.operator.patch().uri("/api/organisations/{id}", own).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("disabled", true)).exchange().expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.code").isEqualTo("operator-organisation");
		this.operator.patch().uri("/api/organisations/{id}", UUID.randomUUID()).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("disabled", true)).exchange().expectStatus().isNotFound();
	}

	@Test
	void whenOrganisationAdminAddsAPartyGlnThenItIsListed() {
		OrgId org = this.members.organisation().id();
		Member admin = this.members.member(org, Role.ADMIN);
		String gln = TestMembers.gln();
		TestMembers.signIn(this.client, admin).post().uri("/api/organisations/{id}/glns", org.value())
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("gln", gln)).exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.glns[0]").isEqualTo(gln);
		OrgId other = this.members.organisation().id();
		TestMembers.signIn(this.client, admin).post().uri("/api/organisations/{id}/glns", other.value())
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("gln", TestMembers.gln())).exchange().expectStatus().isNotFound();
	}

}
