package vn.nguon.api.security;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import vn.nguon.traceability.account.Scope;
import vn.nguon.traceability.organisation.OrgId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rule table on its own. */
class AccessRulesTests {

	static final Actor FARMER = new Actor(UUID.randomUUID(), OrgId.random(), "farmer", Scope.ALL, Set.of());

	static final Actor ADMIN = new Actor(UUID.randomUUID(), OrgId.random(), "admin", Scope.ALL, Set.of());

	static final Actor ADMIN_READ_TOKEN = new Actor(UUID.randomUUID(), OrgId.random(), "admin", Set.of("read"), Set.of());

	@Test
	void contractPublicPathsArePublicForEveryone() {
		for (String path : new String[] { "/", "/index.html", "/css/app.css", "/js/verify.js", "/icons/a.png",
				"/manifest.webmanifest", "/sw.js", "/01/09506000134352/10/LOT1", "/qr/09506000134352/10/A.svg",
				"/.well-known/gs1resolver", "/transparency/head", "/photos/abc", "/actuator/health",
				"/actuator/health/liveness", "/v3/api-docs", "/swagger-ui/index.html" }) {
			AccessRules.Rule rule = AccessRules.ruleFor(HttpMethod.GET, path);
			assertThat(rule.isPublic()).as(path).isTrue();
			assertThat(AccessRules.decide(HttpMethod.GET, path, null)).as(path).isEqualTo(AccessRules.Decision.PERMIT);
		}
	}

	@Test
	void onlyThePlatformOperatorCreatesOrDisablesOrganisations() {
		Actor operator = new Actor(UUID.randomUUID(), OrgId.random(), "admin", Scope.ALL, Set.of(), true);
		Actor reviewerOfOperator = new Actor(UUID.randomUUID(), operator.orgId(), "reviewer", Scope.ALL, Set.of(), true);
		assertThat(reviewerOfOperator.operator()).as("only admins act as operator").isFalse();
		for (HttpMethod method : new HttpMethod[] { HttpMethod.POST, HttpMethod.PATCH }) {
			String path = method == HttpMethod.POST ? "/api/organisations" : "/api/organisations/" + UUID.randomUUID();
			assertThat(AccessRules.decide(method, path, operator)).isEqualTo(AccessRules.Decision.PERMIT);
			assertThat(AccessRules.decide(method, path, ADMIN)).isEqualTo(AccessRules.Decision.FORBIDDEN);
			assertThat(AccessRules.decide(method, path, reviewerOfOperator)).isEqualTo(AccessRules.Decision.FORBIDDEN);
			assertThat(AccessRules.decide(method, path, null)).isEqualTo(AccessRules.Decision.UNAUTHENTICATED);
		}
		assertThat(AccessRules.decide(HttpMethod.GET, "/api/organisations", FARMER)).isEqualTo(AccessRules.Decision.PERMIT);
	}

	@Test
	void apiAndEpcisNeedCredentials() {
		assertThat(AccessRules.decide(HttpMethod.GET, "/api/anything", null))
			.isEqualTo(AccessRules.Decision.UNAUTHENTICATED);
		assertThat(AccessRules.decide(HttpMethod.POST, "/epcis/capture", null))
			.isEqualTo(AccessRules.Decision.UNAUTHENTICATED);
		assertThat(AccessRules.decide(HttpMethod.POST, "/01/09506000134352", null))
			.as("public paths are public for reading only").isEqualTo(AccessRules.Decision.PERMIT);
	}

	@Test
	void unlistedApiPathsOnlyMatchAFallback() {
		assertThat(AccessRules.ruleFor(HttpMethod.GET, "/api/not-yet-listed").fallback()).isTrue();
		assertThat(AccessRules.ruleFor(HttpMethod.GET, "/api/members").fallback()).isFalse();
	}

	@Test
	void rolesAndScopesDecide() {
		assertThat(AccessRules.decide(HttpMethod.GET, "/api/members", FARMER)).isEqualTo(AccessRules.Decision.FORBIDDEN);
		assertThat(AccessRules.decide(HttpMethod.GET, "/api/members", ADMIN)).isEqualTo(AccessRules.Decision.PERMIT);
		assertThat(AccessRules.decide(HttpMethod.GET, "/api/members", ADMIN_READ_TOKEN))
			.isEqualTo(AccessRules.Decision.FORBIDDEN);
		assertThat(AccessRules.decide(HttpMethod.GET, "/api/session", ADMIN_READ_TOKEN))
			.isEqualTo(AccessRules.Decision.PERMIT);
		assertThat(AccessRules.decide(HttpMethod.HEAD, "/api/members", ADMIN)).isEqualTo(AccessRules.Decision.PERMIT);
	}

	@Test
	void actuatorBeyondHealthIsForAdmins() {
		assertThat(AccessRules.decide(HttpMethod.GET, "/actuator/prometheus", null))
			.isEqualTo(AccessRules.Decision.UNAUTHENTICATED);
		assertThat(AccessRules.decide(HttpMethod.GET, "/actuator/prometheus", FARMER))
			.isEqualTo(AccessRules.Decision.FORBIDDEN);
		assertThat(AccessRules.decide(HttpMethod.GET, "/actuator/prometheus", ADMIN))
			.isEqualTo(AccessRules.Decision.PERMIT);
	}

	@Test
	void whenRuleHasUnknownScopeOrNoRoleThenRejected() {
		assertThatThrownBy(() -> AccessRules.member(HttpMethod.GET, "/api/x", "root", "admin"))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> AccessRules.member(HttpMethod.GET, "/api/x", "read"))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
