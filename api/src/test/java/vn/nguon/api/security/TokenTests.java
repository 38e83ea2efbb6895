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
import vn.nguon.api.support.TestAuth;
import vn.nguon.api.support.TestMembers;
import vn.nguon.traceability.account.Member;
import vn.nguon.traceability.account.Role;
import vn.nguon.traceability.account.Scope;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;

import static org.assertj.core.api.Assertions.assertThat;

/** Personal access tokens: shown once, stored hashed, scoped, revocable, expiring. */
@NguonIntegrationTest
class TokenTests {

	@Autowired
	WebTestClient client;

	@Autowired
	ApplicationContext context;

	@Autowired
	DatabaseClient db;

	@Autowired
	OrganisationRepository organisations;

	TestMembers members;

	OrgId org;

	@BeforeEach
	void setUp() {
		this.client = TestMembers.patient(this.client);
		this.members = TestMembers.from(this.context);
		this.org = this.members.organisation().id();
	}

	@Test
	void whenTokenCreatedThenSecretShownOnceAndOnlyItsHashStored() {
		Member admin = this.members.member(this.org, Role.ADMIN);
		WebTestClient signedIn = TestMembers.signIn(this.client, admin);
		Map<?, ?> created = signedIn.post().uri("/api/tokens").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "EPCIS import", "scopes", List.of("epcis", "read"), "expiresInDays", 30))
			.exchange()
			.expectStatus().isCreated()
			.expectHeader().valueEquals("Cache-Control", "no-store")
			.expectBody(Map.class).returnResult().getResponseBody();
		String secret = (String) created.get("secret");
		assertThat(secret).startsWith(TokenSecrets.PREFIX).hasSizeGreaterThan(40);

		String listed = signedIn.get().uri("/api/tokens").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(listed).contains("EPCIS import").doesNotContain(secret).doesNotContain("secret");

		String row = this.db.sql("SELECT row_to_json(t)::text AS j FROM access_token t WHERE id = :id")
			.bind("id", UUID.fromString((String) created.get("id")))
			.map(r -> r.get("j", String.class)).one().block();
		assertThat(row).contains(TokenSecrets.sha256Hex(secret)).doesNotContain(secret)
			.doesNotContain(secret.substring(TokenSecrets.PREFIX.length()));

		TestMembers.withToken(this.client, secret).get().uri("/api/session").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.via").isEqualTo("token")
			.jsonPath("$.userId").isEqualTo(admin.userId().toString());
	}

	@Test
	void whenTokenRevokedThen401() {
		Member admin = this.members.member(this.org, Role.ADMIN);
		String secret = this.members.token(this.org, admin.userId(), Set.of(Scope.READ, Scope.ADMIN));
		WebTestClient withToken = TestMembers.withToken(this.client, secret);
		withToken.get().uri("/api/session").exchange().expectStatus().isOk();
		UUID id = this.db.sql("SELECT id FROM access_token WHERE secret_hash = :h")
			.bind("h", TokenSecrets.sha256Hex(secret)).map(r -> r.get("id", UUID.class)).one().block();
		withToken.delete().uri("/api/tokens/{id}", id).exchange().expectStatus().isNoContent();
		withToken.get().uri("/api/session").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.code").isEqualTo("unauthorized");
	}

	@Test
	void whenTokenExpiredThen401() {
		Member farmer = this.members.member(this.org, Role.FARMER);
		String secret = this.members.token(this.org, farmer.userId(), Set.of(Scope.READ));
		TestMembers.withToken(this.client, secret).get().uri("/api/session").exchange().expectStatus().isOk();
		this.db.sql("UPDATE access_token SET expires_at = now() - interval '1 second' WHERE secret_hash = :h")
			.bind("h", TokenSecrets.sha256Hex(secret)).then().block();
		TestMembers.withToken(this.client, secret).get().uri("/api/session").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void whenUnknownTokenThen401() {
		TestMembers.withToken(this.client, TokenSecrets.newSecret()).get().uri("/api/session").exchange()
			.expectStatus().isUnauthorized();
	}

	@Test
	void whenTokensUserDisabledThen401() {
		Member farmer = this.members.member(this.org, Role.FARMER);
		this.members.member(this.org, Role.ADMIN);
		String secret = this.members.token(this.org, farmer.userId(), Set.of(Scope.READ));
		TestMembers.withToken(this.client, secret).get().uri("/api/session").exchange().expectStatus().isOk();
		this.db.sql("UPDATE app_user SET disabled = true WHERE id = :id").bind("id", farmer.userId()).then().block();
		TestMembers.withToken(this.client, secret).get().uri("/api/session").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void whenTokenLacksTheScopeThen403() {
		Member admin = this.members.member(this.org, Role.ADMIN);
		String readOnly = this.members.token(this.org, admin.userId(), Set.of(Scope.READ));
		TestMembers.withToken(this.client, readOnly).get().uri("/api/members").exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.code").isEqualTo("access-denied");
		String withAdmin = this.members.token(this.org, admin.userId(), Set.of(Scope.ADMIN));
		TestMembers.withToken(this.client, withAdmin).get().uri("/api/members").exchange().expectStatus().isOk();
	}

	@Test
	void whenTokenOfDemotedMemberThenTheNewRoleApplies() {
		Member admin = this.members.member(this.org, Role.ADMIN);
		this.members.member(this.org, Role.ADMIN);
		String secret = this.members.token(this.org, admin.userId(), Scope.ALL);
		WebTestClient withToken = TestMembers.withToken(this.client, secret);
		withToken.get().uri("/api/members").exchange().expectStatus().isOk();
		this.db.sql("UPDATE membership SET role = 'reviewer' WHERE user_id = :id").bind("id", admin.userId()).then()
			.block();
		withToken.get().uri("/api/members").exchange().expectStatus().isForbidden();
	}

	@Test
	void whenNonAdminAsksForAdminScopeThenRefused() {
		Member farmer = this.members.member(this.org, Role.FARMER);
		TestMembers.signIn(this.client, farmer).post().uri("/api/tokens").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "too much", "scopes", List.of("admin")))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.code").isEqualTo("scope-not-allowed");
	}

	@Test
	void whenUnknownScopeOrExpiryThenRefused() {
		WebTestClient admin = TestAuth.asAdmin(this.client);
		admin.post().uri("/api/tokens").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "x", "scopes", List.of("root")))
			.exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid-scope");
		admin.post().uri("/api/tokens").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "x", "scopes", List.of("read"), "expiresInDays", 5000))
			.exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid-expiry");
	}

	@Test
	void whenMemberListsTokensThenOnlyTheirOwn() {
		Member farmer = this.members.member(this.org, Role.FARMER);
		Member other = this.members.member(this.org, Role.FARMER);
		this.members.token(this.org, other.userId(), Set.of(Scope.READ));
		String own = this.members.token(this.org, farmer.userId(), Set.of(Scope.READ));
		String listed = TestMembers.signIn(this.client, farmer).get().uri("/api/tokens").exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(listed).contains(farmer.userId().toString()).doesNotContain(other.userId().toString());
		assertThat(own).isNotBlank();
	}

	@Test
	void configuredAdminTokenIsStoredHashedAndActsAsAdminOfTheFirstOrganisation() {
		String first = this.organisations.findFirst().block().id().toString();
		Long rows = this.db.sql("SELECT count(*) AS n FROM access_token WHERE secret_hash = :h AND origin = 'config' "
				+ "AND revoked_at IS NULL AND user_id IS NULL")
			.bind("h", TokenSecrets.sha256Hex(TestAuth.ADMIN_TOKEN)).map(r -> r.get("n", Long.class)).one().block();
		assertThat(rows).isEqualTo(1);
		TestAuth.asAdmin(this.client).get().uri("/api/session").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.role").isEqualTo("admin")
			.jsonPath("$.organisationId").isEqualTo(first);
	}

}
