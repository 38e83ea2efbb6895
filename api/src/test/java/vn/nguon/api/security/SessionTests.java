package vn.nguon.api.security;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestAuth;
import vn.nguon.api.support.TestMembers;
import vn.nguon.traceability.account.AccountRepository;
import vn.nguon.traceability.account.Member;
import vn.nguon.traceability.account.Role;
import vn.nguon.traceability.organisation.OrgId;

import static org.assertj.core.api.Assertions.assertThat;

/** Browser sessions: sign-in, cookies, CSRF, throttling, sign-out, password change, headers. */
@NguonIntegrationTest
class SessionTests {

	@Autowired
	WebTestClient client;

	@Autowired
	ApplicationContext context;

	@Autowired
	AccountRepository accounts;

	TestMembers members;

	OrgId org;

	@BeforeEach
	void setUp() {
		this.client = TestMembers.patient(this.client);
		this.members = TestMembers.from(this.context);
		this.org = this.members.organisation().id();
	}

	@Test
	void whenSignedInThenSessionCookieIsSecureHttpOnlyAndLax() {
		Member member = this.members.member(this.org, Role.REVIEWER);
		String csrf = TestMembers.csrfToken(this.client);
		EntityExchangeResult<byte[]> result = signInRequest(member.email(), TestMembers.PASSWORD, csrf)
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.email").isEqualTo(member.email())
			.jsonPath("$.role").isEqualTo("reviewer")
			.jsonPath("$.via").isEqualTo("session")
			.returnResult();
		ResponseCookie session = result.getResponseCookies().getFirst("SESSION");
		assertThat(session).isNotNull();
		assertThat(session.isSecure()).isTrue();
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(session.getSameSite()).isEqualTo("Lax");
		ResponseCookie xsrf = result.getResponseCookies().getFirst("XSRF-TOKEN");
		assertThat(xsrf).as("CSRF token rotated at sign-in").isNotNull();
		assertThat(xsrf.getValue()).isNotEqualTo(csrf);
		assertThat(xsrf.isHttpOnly()).as("the page's script reads the CSRF cookie").isFalse();
		assertThat(xsrf.isSecure()).isTrue();
		assertThat(xsrf.getSameSite()).isEqualTo("Lax");
	}

	@Test
	void whenSignedInThenWhoAmIAnswersTheMember() {
		java.util.UUID farm = this.members.farm(this.org);
		Member farmer = this.members.member(this.org, Role.FARMER, farm);
		TestMembers.signIn(this.client, farmer).get().uri("/api/session").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.userId").isEqualTo(farmer.userId().toString())
			.jsonPath("$.organisationId").isEqualTo(this.org.toString())
			.jsonPath("$.farmIds[0]").isEqualTo(farm.toString());
	}

	@Test
	void whenSignInWithoutCsrfTokenThenForbidden() {
		Member member = this.members.member(this.org, Role.ADMIN);
		this.client.post().uri("/api/session").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", member.email(), "password", TestMembers.PASSWORD))
			.exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.code").isEqualTo("csrf-invalid");
	}

	@Test
	void whenSessionRequestChangesStateWithoutCsrfHeaderThenForbidden() {
		Member admin = this.members.member(this.org, Role.ADMIN);
		WebTestClient signedIn = TestMembers.signIn(this.client, admin);
		String session = sessionCookieOf(admin);
		// the cookie alone, as a cross-site form would send it
		this.client.post().uri("/api/tokens").cookie("SESSION", session)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "x", "scopes", List.of("read")))
			.exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.code").isEqualTo("csrf-invalid");
		// a wrong token in the header
		this.client.post().uri("/api/tokens").cookie("SESSION", session).cookie("XSRF-TOKEN", "a")
			.header("X-XSRF-TOKEN", "b")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "x", "scopes", List.of("read")))
			.exchange()
			.expectStatus().isForbidden();
		// with the token it works
		signedIn.post().uri("/api/tokens").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "x", "scopes", List.of("read")))
			.exchange()
			.expectStatus().isCreated();
	}

	@Test
	void whenBearerTokenThenNoCsrfTokenNeeded() {
		TestAuth.asAdmin(this.client).post().uri("/api/tokens").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "automation", "scopes", List.of("read")))
			.exchange()
			.expectStatus().isCreated();
	}

	@Test
	void whenWrongPasswordThenProblem401() {
		Member member = this.members.member(this.org, Role.FARMER);
		signInRequest(member.email(), "wrong password!", TestMembers.csrfToken(this.client))
			.expectStatus().isUnauthorized()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectCookie().doesNotExist("SESSION")
			.expectBody()
			.jsonPath("$.code").isEqualTo("invalid-credentials")
			.jsonPath("$.status").isEqualTo(401);
	}

	@Test
	void whenUnknownEmailThenTheSame401() {
		signInRequest("nobody-" + java.util.UUID.randomUUID() + "@test.nguon.vn", TestMembers.PASSWORD,
				TestMembers.csrfToken(this.client))
			.expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.code").isEqualTo("invalid-credentials");
	}

	@Test
	void whenAskedInEnglishThenProblemInEnglish() {
		this.client.get().uri("/api/members").header(HttpHeaders.ACCEPT_LANGUAGE, "en")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectBody().jsonPath("$.detail").isEqualTo("Sign in or use a valid access token.");
		this.client.get().uri("/api/members")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.detail").isEqualTo("Bạn cần đăng nhập hoặc dùng mã truy cập hợp lệ.");
	}

	@Test
	void whenTooManySignInAttemptsThen429WithRetryAfter() {
		Member member = this.members.member(this.org, Role.FARMER);
		String csrf = TestMembers.csrfToken(this.client);
		for (int i = 0; i < 5; i++) {
			signInRequest(member.email(), "wrong password " + i, csrf).expectStatus().isUnauthorized();
		}
		signInRequest(member.email(), TestMembers.PASSWORD, csrf)
			.expectStatus().isEqualTo(429)
			.expectHeader().exists(HttpHeaders.RETRY_AFTER)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.code").isEqualTo("too-many-requests");
	}

	@Test
	void whenSignedOutThenSessionNoLongerWorks() {
		Member member = this.members.member(this.org, Role.REVIEWER);
		WebTestClient signedIn = TestMembers.signIn(this.client, member);
		signedIn.get().uri("/api/session").exchange().expectStatus().isOk();
		signedIn.delete().uri("/api/session").exchange().expectStatus().isNoContent();
		signedIn.get().uri("/api/session").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void whenMemberDisabledThenTheirSessionEnds() {
		Member member = this.members.member(this.org, Role.FARMER);
		WebTestClient signedIn = TestMembers.signIn(this.client, member);
		signedIn.get().uri("/api/session").exchange().expectStatus().isOk();
		this.accounts.setDisabled(this.org, member.userId(), true).block();
		signedIn.get().uri("/api/session").exchange().expectStatus().isUnauthorized();
		signInRequest(member.email(), TestMembers.PASSWORD, TestMembers.csrfToken(this.client))
			.expectStatus().isUnauthorized();
	}

	@Test
	void whenPasswordChangedThenOnlyTheNewOneSignsIn() {
		Member member = this.members.member(this.org, Role.REVIEWER);
		WebTestClient signedIn = TestMembers.signIn(this.client, member);
		signedIn.put().uri("/api/account/password").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("currentPassword", "not the password", "newPassword", "a new long password"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.code").isEqualTo("wrong-password");
		signedIn.put().uri("/api/account/password").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("currentPassword", TestMembers.PASSWORD, "newPassword", "short"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.code").isEqualTo("weak-password");
		signedIn.put().uri("/api/account/password").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("currentPassword", TestMembers.PASSWORD, "newPassword", "a new long password"))
			.exchange()
			.expectStatus().isNoContent();
		signInRequest(member.email(), TestMembers.PASSWORD, TestMembers.csrfToken(this.client))
			.expectStatus().isUnauthorized();
		TestMembers.signIn(this.client, member.email(), "a new long password");
		String stored = this.accounts.findUserById(member.userId()).block().passwordHash();
		assertThat(stored).startsWith("{argon2}").doesNotContain("a new long password");
	}

	@Test
	void everyAnswerCarriesTheSecurityHeaders() {
		for (String path : List.of("/", "/api/members", "/no-such-page", "/actuator/health")) {
			this.client.get().uri(path).exchange()
				.expectHeader().valueEquals("Content-Security-Policy", SecurityConfig.CSP)
				.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
				.expectHeader().valueEquals("Referrer-Policy", "strict-origin-when-cross-origin")
				.expectHeader().valueEquals("X-Frame-Options", "DENY")
				.expectHeader().valueEquals("Permissions-Policy", SecurityConfig.PERMISSIONS_POLICY);
		}
		assertThat(SecurityConfig.CSP).contains("script-src 'self';", "frame-ancestors 'none'")
			.doesNotContain("unsafe-inline");
	}

	@Test
	void healthIsPublicAndPrometheusOnlyForAdmins() {
		this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.client.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
		Member reviewer = this.members.member(this.org, Role.REVIEWER);
		TestMembers.signIn(this.client, reviewer).get().uri("/actuator/prometheus").exchange()
			.expectStatus().isForbidden();
		TestAuth.asAdmin(this.client).get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
	}

	private WebTestClient.ResponseSpec signInRequest(String email, String password, String csrf) {
		return this.client.post().uri("/api/session").cookie("XSRF-TOKEN", csrf).header("X-XSRF-TOKEN", csrf)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "password", password))
			.exchange();
	}

	private String sessionCookieOf(Member member) {
		String csrf = TestMembers.csrfToken(this.client);
		return signInRequest(member.email(), TestMembers.PASSWORD, csrf).expectStatus().isOk()
			.expectBody().returnResult().getResponseCookies().getFirst("SESSION").getValue();
	}

}
