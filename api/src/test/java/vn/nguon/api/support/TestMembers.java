package vn.nguon.api.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.security.Passwords;
import vn.nguon.api.security.TokenSecrets;
import vn.nguon.traceability.account.AccessTokenRepository;
import vn.nguon.traceability.account.AccountRepository;
import vn.nguon.traceability.account.Member;
import vn.nguon.traceability.account.NewMember;
import vn.nguon.traceability.account.Role;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.Organisation;
import vn.nguon.traceability.organisation.OrganisationRepository;

/**
 * Fresh organisations, members, farms and tokens for tests, and WebTestClients signed in as a
 * member (session cookie plus the CSRF cookie and header, as the browser app sends them).
 */
public final class TestMembers {

	/** Password of every member created here. */
	public static final String PASSWORD = "correct horse battery";

	private final OrganisationRepository organisations;

	private final AccountRepository accounts;

	private final AccessTokenRepository tokens;

	private final Passwords passwords;

	private final DatabaseClient db;

	private final String passwordHash;

	public TestMembers(OrganisationRepository organisations, AccountRepository accounts, AccessTokenRepository tokens,
			Passwords passwords, DatabaseClient db) {
		this.organisations = organisations;
		this.accounts = accounts;
		this.tokens = tokens;
		this.passwords = passwords;
		this.db = db;
		this.passwordHash = passwords.hash(PASSWORD).block();
	}

	/** @return helpers using the beans of the running service */
	public static TestMembers from(org.springframework.context.ApplicationContext context) {
		return new TestMembers(context.getBean(OrganisationRepository.class), context.getBean(AccountRepository.class),
				context.getBean(AccessTokenRepository.class), context.getBean(Passwords.class),
				context.getBean(DatabaseClient.class));
	}

	/**
	 * @return a GLN no other test run uses (random, Vietnamese prefix 893, right check digit); the
	 * sequence is unpredictable on purpose, since every run shares the test database
	 */
	public static String gln() {
		StringBuilder digits = new StringBuilder("893");
		java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
		while (digits.length() < 12) {
			digits.append(random.nextInt(10));
		}
		return digits.toString() + vn.nguon.traceability.gs1.Gtin.checkDigit(digits.toString());
	}

	/** @return a new organisation with a random slug */
	public Organisation organisation() {
		String slug = "t-" + UUID.randomUUID().toString().substring(0, 12);
		return this.organisations.create(slug, "Test " + slug).block();
	}

	/** @return a new farm of the organisation */
	public UUID farm(OrgId orgId) {
		UUID id = UUID.randomUUID();
		this.db.sql("INSERT INTO farm (id, org_id, name) VALUES (:id, :org, :name)")
			.bind("id", id)
			.bind("org", orgId.value())
			.bind("name", "Farm " + id)
			.then()
			.block();
		return id;
	}

	/** @return a new member with {@link #PASSWORD} and a random e-mail address */
	public Member member(OrgId orgId, Role role, UUID... farmIds) {
		String email = role.value() + "-" + UUID.randomUUID() + "@test.nguon.vn";
		return this.accounts
			.createMember(orgId, new NewMember(email, "Test " + role.value(), this.passwordHash, role, Set.of(farmIds)))
			.block();
	}

	/** @return the secret of a new token of the member (or organisation token when userId is null) */
	public String token(OrgId orgId, UUID userId, Set<String> scopes) {
		String secret = TokenSecrets.newSecret();
		this.tokens.create(orgId, userId, "test", TokenSecrets.sha256Hex(secret), scopes,
				Instant.now().plus(Duration.ofDays(1))).block();
		return secret;
	}

	/**
	 * @return the client with a generous response timeout: the shared build machine is often
	 * overloaded, and these tests check answers, not speed
	 */
	public static WebTestClient patient(WebTestClient client) {
		return client.mutate().responseTimeout(Duration.ofSeconds(60)).build();
	}

	/** @return a client sending the bearer token */
	public static WebTestClient withToken(WebTestClient client, String secret) {
		return client.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + secret).build();
	}

	/** @return the CSRF token a browser would receive on its first request */
	public static String csrfToken(WebTestClient client) {
		EntityExchangeResult<byte[]> result = client.get().uri("/api/session").exchange().expectBody().returnResult();
		ResponseCookie cookie = result.getResponseCookies().getFirst("XSRF-TOKEN");
		if (cookie == null) {
			throw new AssertionError("No XSRF-TOKEN cookie on the first request");
		}
		return cookie.getValue();
	}

	/** @return a client with a browser session of the member and the CSRF cookie and header */
	public static WebTestClient signIn(WebTestClient client, String email, String password) {
		String csrf = csrfToken(client);
		EntityExchangeResult<byte[]> result = client.post()
			.uri("/api/session")
			.cookie("XSRF-TOKEN", csrf)
			.header("X-XSRF-TOKEN", csrf)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new SignInBody(email, password))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult();
		ResponseCookie session = result.getResponseCookies().getFirst("SESSION");
		ResponseCookie newCsrf = result.getResponseCookies().getFirst("XSRF-TOKEN");
		String token = newCsrf != null ? newCsrf.getValue() : csrf;
		return client.mutate()
			.defaultCookie("SESSION", session.getValue())
			.defaultCookie("XSRF-TOKEN", token)
			.defaultHeader("X-XSRF-TOKEN", token)
			.build();
	}

	/** @return a client signed in as the member with {@link #PASSWORD} */
	public static WebTestClient signIn(WebTestClient client, Member member) {
		return signIn(client, member.email(), PASSWORD);
	}

	/** @return a client of an anonymous browser: no session, but the CSRF cookie and header */
	public static WebTestClient anonymousBrowser(WebTestClient client) {
		String csrf = csrfToken(client);
		return client.mutate().defaultCookie("XSRF-TOKEN", csrf).defaultHeader("X-XSRF-TOKEN", csrf).build();
	}

	record SignInBody(String email, String password) {
	}

}
