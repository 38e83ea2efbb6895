package vn.nguon.api.security;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
import vn.nguon.traceability.organisation.OrgId;

import static org.assertj.core.api.Assertions.assertThat;

/** Members management by admins, and the wall between organisations. */
@NguonIntegrationTest
class MemberTests {

	@Autowired
	WebTestClient client;

	@Autowired
	ApplicationContext context;

	@Autowired
	DatabaseClient db;

	TestMembers members;

	OrgId orgA;

	OrgId orgB;

	Member adminA;

	Member adminB;

	@BeforeEach
	void setUp() {
		this.client = TestMembers.patient(this.client);
		this.members = TestMembers.from(this.context);
		this.orgA = this.members.organisation().id();
		this.orgB = this.members.organisation().id();
		this.adminA = this.members.member(this.orgA, Role.ADMIN);
		this.adminB = this.members.member(this.orgB, Role.ADMIN);
	}

	@Test
	void whenAdminCreatesFarmerThenFarmerSignsInWithTheirFarms() {
		UUID farm = this.members.farm(this.orgA);
		String email = "new-" + UUID.randomUUID() + "@test.nguon.vn";
		WebTestClient admin = TestMembers.signIn(this.client, this.adminA);
		admin.post().uri("/api/members").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email.toUpperCase(), "displayName", "Chị Lan", "password", "initial password 1",
					"role", "farmer", "farmIds", List.of(farm)))
			.exchange()
			.expectStatus().isCreated()
			.expectHeader().exists("Location")
			.expectBody()
			.jsonPath("$.email").isEqualTo(email)
			.jsonPath("$.role").isEqualTo("farmer")
			.jsonPath("$.farmIds[0]").isEqualTo(farm.toString())
			.jsonPath("$.passwordHash").doesNotExist();
		TestMembers.signIn(this.client, email, "initial password 1").get().uri("/api/session").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.farmIds[0]").isEqualTo(farm.toString());
		admin.post().uri("/api/members").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "displayName", "Again", "password", "initial password 1", "role",
					"farmer"))
			.exchange()
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.code").isEqualTo("email-taken");
	}

	@Test
	void whenAdminSetsANewPasswordThenOnlyTheNewOneSignsIn() {
		Member farmer = this.members.member(this.orgA, Role.FARMER);
		WebTestClient admin = TestMembers.signIn(this.client, this.adminA);
		admin.patch().uri("/api/members/{id}", farmer.userId()).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("password", "short", "role", "reviewer")).exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.code").isEqualTo("weak-password");
		admin.get().uri("/api/members/{id}", farmer.userId()).exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.role").isEqualTo("farmer");
		admin.patch().uri("/api/members/{id}", farmer.userId()).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("password", "a brand new password")).exchange()
			.expectStatus().isOk();
		TestMembers.signIn(this.client, farmer.email(), "a brand new password").get().uri("/api/session").exchange()
			.expectStatus().isOk();
		TestMembers.anonymousBrowser(this.client).post().uri("/api/session").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", farmer.email(), "password", TestMembers.PASSWORD)).exchange()
			.expectStatus().isUnauthorized();
	}

	@Test
	void whenAdminChangesRoleAndFarmsThenTheyApply() {
		Member member = this.members.member(this.orgA, Role.REVIEWER);
		UUID farm = this.members.farm(this.orgA);
		WebTestClient admin = TestMembers.signIn(this.client, this.adminA);
		admin.patch().uri("/api/members/{id}", member.userId()).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("role", "farmer", "farmIds", List.of(farm)))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.role").isEqualTo("farmer")
			.jsonPath("$.farmIds[0]").isEqualTo(farm.toString());
		admin.patch().uri("/api/members/{id}", member.userId()).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("role", "owner"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.code").isEqualTo("invalid-role");
	}

	@Test
	void whenFarmOfAnotherOrganisationAssignedThenRefused() {
		Member farmer = this.members.member(this.orgA, Role.FARMER);
		UUID farmOfB = this.members.farm(this.orgB);
		TestMembers.signIn(this.client, this.adminA).patch().uri("/api/members/{id}", farmer.userId())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("farmIds", List.of(farmOfB)))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.code").isEqualTo("unknown-farm");
	}

	@Test
	void whenLastAdminDemotedOrDisabledThenConflict() {
		WebTestClient admin = TestMembers.signIn(this.client, this.adminA);
		admin.patch().uri("/api/members/{id}", this.adminA.userId()).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("role", "reviewer"))
			.exchange()
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.code").isEqualTo("last-admin");
		admin.patch().uri("/api/members/{id}", this.adminA.userId()).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("disabled", true))
			.exchange()
			.expectStatus().isEqualTo(409);
	}

	@Test
	void whenAdminDisablesMemberThenTheyCannotSignIn() {
		Member farmer = this.members.member(this.orgA, Role.FARMER);
		TestMembers.signIn(this.client, this.adminA).patch().uri("/api/members/{id}", farmer.userId())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("disabled", true))
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.disabled").isEqualTo(true);
		String csrf = TestMembers.csrfToken(this.client);
		this.client.post().uri("/api/session").cookie("XSRF-TOKEN", csrf).header("X-XSRF-TOKEN", csrf)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", farmer.email(), "password", TestMembers.PASSWORD))
			.exchange()
			.expectStatus().isUnauthorized();
	}

	@Test
	void adminOfBCannotSeeOrChangeMembersOrTokensOfA() {
		Member farmerA = this.members.member(this.orgA, Role.FARMER);
		String tokenOfA = this.members.token(this.orgA, farmerA.userId(), Set.of(Scope.READ));
		UUID tokenIdOfA = this.db.sql("SELECT id FROM access_token WHERE secret_hash = :h")
			.bind("h", TokenSecrets.sha256Hex(tokenOfA)).map(r -> r.get("id", UUID.class)).one().block();
		WebTestClient adminB = TestMembers.signIn(this.client, this.adminB);

		adminB.get().uri("/api/members/{id}", farmerA.userId()).exchange()
			.expectStatus().isNotFound()
			.expectBody().jsonPath("$.code").isEqualTo("member-not-found");
		adminB.patch().uri("/api/members/{id}", farmerA.userId()).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("disabled", true))
			.exchange()
			.expectStatus().isNotFound();
		adminB.delete().uri("/api/tokens/{id}", tokenIdOfA).exchange().expectStatus().isNotFound();
		String membersOfB = adminB.get().uri("/api/members").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(membersOfB).contains(this.adminB.userId().toString())
			.doesNotContain(farmerA.userId().toString())
			.doesNotContain(this.adminA.userId().toString());
		String tokensOfB = adminB.get().uri("/api/tokens").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(tokensOfB).doesNotContain(tokenIdOfA.toString());

		// and A's member is untouched: still enabled, token still works
		TestMembers.withToken(this.client, tokenOfA).get().uri("/api/session").exchange().expectStatus().isOk();
	}

	@Test
	void whenMembersOfAnotherRoleCallAdminEndpointsThenForbidden() {
		Member reviewer = this.members.member(this.orgA, Role.REVIEWER);
		TestMembers.signIn(this.client, reviewer).get().uri("/api/members").exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.code").isEqualTo("access-denied");
	}

}
