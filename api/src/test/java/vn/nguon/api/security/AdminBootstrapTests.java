package vn.nguon.api.security;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestAuth;
import vn.nguon.api.support.TestMembers;
import vn.nguon.traceability.account.AccessTokenRepository;
import vn.nguon.traceability.account.AccountRepository;
import vn.nguon.traceability.organisation.OrganisationRepository;

import static org.assertj.core.api.Assertions.assertThat;

/** The first administrator and the configured admin token, from configuration. */
@NguonIntegrationTest
class AdminBootstrapTests {

	@Autowired
	WebTestClient client;

	@Autowired
	OrganisationRepository organisations;

	@Autowired
	AccountRepository accounts;

	@Autowired
	AccessTokenRepository tokens;

	@Autowired
	Passwords passwords;

	@org.junit.jupiter.api.BeforeEach
	void setUp() {
		this.client = TestMembers.patient(this.client);
	}

	AdminBootstrap bootstrap(String email, String password, String token) {
		return new AdminBootstrap(new AdminProperties(email, password, token, null), this.organisations, this.accounts,
				this.tokens, this.passwords);
	}

	@Test
	void whenAdminEmailAndPasswordConfiguredThenThatAdminSignsInToTheFirstOrganisation() {
		String email = "first-admin-" + UUID.randomUUID() + "@test.nguon.vn";
		bootstrap(email, "configured password", TestAuth.ADMIN_TOKEN).bootstrap().block();
		// a second start with another password changes nothing
		bootstrap(email, "another password!", TestAuth.ADMIN_TOKEN).bootstrap().block();
		String first = this.organisations.findFirst().block().id().toString();
		TestMembers.signIn(this.client, email, "configured password").get().uri("/api/session").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.role").isEqualTo("admin")
			.jsonPath("$.organisationId").isEqualTo(first);
		assertThat(this.accounts.findUserByEmail(email).block().passwordHash()).doesNotContain("configured password");
	}

	@Test
	void whenConfiguredTokenChangesThenTheOldOneStopsWorking() {
		String other = "another-configured-token-" + UUID.randomUUID();
		try {
			bootstrap(null, null, other).bootstrap().block();
			TestMembers.withToken(this.client, other).get().uri("/api/session").exchange().expectStatus().isOk();
			TestAuth.asAdmin(this.client).get().uri("/api/session").exchange().expectStatus().isUnauthorized();
		}
		finally {
			bootstrap(null, null, TestAuth.ADMIN_TOKEN).bootstrap().block();
		}
		TestAuth.asAdmin(this.client).get().uri("/api/session").exchange().expectStatus().isOk();
		TestMembers.withToken(this.client, other).get().uri("/api/session").exchange().expectStatus().isUnauthorized();
	}

}
