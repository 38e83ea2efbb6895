package vn.nguon.api.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestMembers;
import vn.nguon.traceability.account.Member;
import vn.nguon.traceability.account.Role;
import vn.nguon.traceability.account.Scope;
import vn.nguon.traceability.organisation.OrgId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the running service (controller methods, actuator and API-doc endpoints,
 * router functions) times every kind of caller, against the answer {@link AccessRules} expects:
 * 401 for the anonymous public on member routes, 403 (problem code {@code access-denied}) for a
 * role or token scope that is not enough, and otherwise no rejection by the security layer. A
 * route that only a fallback rule covers fails the test: give it a line in {@link AccessRules}.
 */
@NguonIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorisationMatrixTests {

	@Autowired
	WebTestClient client;

	@Autowired
	ApplicationContext context;

	final Map<String, Caller> callers = new LinkedHashMap<>();

	Member adminA;

	OrgId orgA;

	TestMembers members;

	/** A kind of caller: how to build its client, and as whom the rule table sees it. */
	record Caller(String name, Supplier<WebTestClient> client, Actor actor, String missingScope, Session session) {
	}

	/** Whether a caller uses a browser session, and whether a new one for each request. */
	enum Session {

		NONE, SHARED, FRESH

	}

	/** A route to try. */
	record Route(HttpMethod method, String pattern, String samplePath) {

		@Override
		public String toString() {
			return this.method + " " + this.pattern;
		}

	}

	@BeforeAll
	void callers() {
		this.client = TestMembers.patient(this.client);
		this.members = TestMembers.from(this.context);
		this.orgA = this.members.organisation().id();
		OrgId orgB = this.members.organisation().id();
		UUID farm = this.members.farm(this.orgA);
		Member farmer = this.members.member(this.orgA, Role.FARMER, farm);
		Member reviewer = this.members.member(this.orgA, Role.REVIEWER);
		this.adminA = this.members.member(this.orgA, Role.ADMIN);
		Member adminB = this.members.member(orgB, Role.ADMIN);

		this.callers.put("anonymous", new Caller("anonymous", () -> TestMembers.anonymousBrowser(this.client), null, null, Session.NONE));
		session("farmer of A", farmer);
		session("reviewer of A", reviewer);
		session("admin of A", this.adminA);
		session("admin of B", adminB);
		String full = this.members.token(this.orgA, this.adminA.userId(), Scope.ALL);
		WebTestClient fullClient = TestMembers.withToken(this.client, full);
		this.callers.put("token with every scope",
				new Caller("token with every scope", () -> fullClient, actor(this.adminA, Scope.ALL), null, Session.NONE));
		for (String scope : Scope.ALL) {
			Set<String> others = new HashSet<>(Scope.ALL);
			others.remove(scope);
			String secret = this.members.token(this.orgA, this.adminA.userId(), others);
			WebTestClient c = TestMembers.withToken(this.client, secret);
			String name = "token without " + scope;
			this.callers.put(name, new Caller(name, () -> c, actor(this.adminA, others), scope, Session.NONE));
		}
	}

	private void session(String name, Member member) {
		WebTestClient signedIn = TestMembers.signIn(this.client, member);
		this.callers.put(name, new Caller(name, () -> signedIn, actor(member, Scope.ALL), null, Session.SHARED));
		// sign-out ends the session: those requests get a session of their own
		this.callers.put(name + " (fresh)", new Caller(name, () -> TestMembers.signIn(this.client, member),
				actor(member, Scope.ALL), null, Session.FRESH));
	}

	private static Actor actor(Member member, Set<String> scopes) {
		return new Actor(member.userId(), member.orgId(), member.role().value(), scopes, member.farmIds());
	}

	@Test
	void everyRouteHasItsOwnRule() {
		List<String> missing = new ArrayList<>();
		for (Route route : routes()) {
			AccessRules.Rule rule = AccessRules.ruleFor(route.method(), route.samplePath());
			if (rule.fallback()) {
				missing.add(route + " (only " + rule + ")");
			}
		}
		assertThat(missing).as("Routes without a rule in AccessRules.RULES: add one line per route").isEmpty();
	}

	@Test
	void everyRouteAnswersEveryCallerAsTheRuleTableSays() {
		List<String> wrong = new ArrayList<>();
		int checked = 0;
		for (Route route : routes()) {
			AccessRules.Rule rule = AccessRules.ruleFor(route.method(), route.samplePath());
			boolean endsSession = route.method() == HttpMethod.DELETE && route.samplePath().equals("/api/session");
			for (Caller caller : this.callers.values()) {
				if ((caller.session() == Session.FRESH && !endsSession)
						|| (caller.session() == Session.SHARED && endsSession)) {
					continue;
				}
				if (caller.missingScope() != null && !caller.missingScope().equals(rule.scope())) {
					continue; // tokens without a scope only matter where that scope is needed
				}
				String expected = expected(rule, caller);
				Answer result = send(caller.client().get(), route, caller.name());
				String actual = outcome(result);
				checked++;
				if (!expected.equals(actual)) {
					wrong.add(route + " as " + caller.name() + ": expected " + expected + " but was " + actual + " ("
							+ result.status() + " " + result.body() + ")");
				}
			}
		}
		assertThat(checked).isGreaterThan(50);
		assertThat(wrong).isEmpty();
	}

	static String expected(AccessRules.Rule rule, Caller caller) {
		return switch (rule.decide(caller.actor())) {
			case PERMIT -> "through";
			case UNAUTHENTICATED -> "401";
			case FORBIDDEN -> "403";
		};
	}

	/**
	 * @return 401 / 403 when the security layer refused, else "through", whatever the handler
	 * said (a 429 of the sign-in limit, a 401 for a wrong password, a 404 for a random id ...)
	 */
	static String outcome(Answer result) {
		int status = result.status().value();
		String body = result.body();
		if (status == 401 && body.contains("\"code\":\"unauthorized\"")) {
			return "401";
		}
		if (status == 403 && (body.contains("\"code\":\"access-denied\"") || body.contains("\"code\":\"csrf-invalid\""))) {
			return "403";
		}
		return "through";
	}

	/** What a route answered: status and body (of an event stream, the first chunk only). */
	record Answer(HttpStatusCode status, String body) {
	}

	private static Answer send(WebTestClient client, Route route, String caller) {
		try {
			return exchange(client, route);
		}
		catch (IllegalStateException ex) {
			// a hang is reported with the route and the caller that hung
			throw new IllegalStateException("No answer from " + route + " (" + route.samplePath() + ") as " + caller
					+ ": " + ex.getMessage(), ex);
		}
	}

	private static Answer exchange(WebTestClient client, Route route) {
		WebTestClient.RequestBodySpec spec = client.method(route.method()).uri(route.samplePath());
		WebTestClient.RequestHeadersSpec<?> request = route.method() == HttpMethod.POST
				|| route.method() == HttpMethod.PUT || route.method() == HttpMethod.PATCH
						? spec.contentType(MediaType.APPLICATION_JSON).bodyValue("{}") : spec;
		FluxExchangeResult<byte[]> result = request.exchange().returnResult(byte[].class);
		MediaType type = result.getResponseHeaders().getContentType();
		// an event stream never ends: its first chunk is enough (then the connection is dropped)
		Flux<byte[]> chunks = type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type)
				? result.getResponseBody().take(1) : result.getResponseBody();
		List<byte[]> body = chunks.collectList().block(Duration.ofSeconds(60));
		StringBuilder text = new StringBuilder();
		for (byte[] chunk : body == null ? List.<byte[]>of() : body) {
			text.append(new String(chunk, StandardCharsets.UTF_8));
		}
		return new Answer(result.getStatus(), text.toString());
	}

	/** @return every route of the running service */
	List<Route> routes() {
		Set<Route> routes = new LinkedHashSet<>();
		for (RequestMappingInfoHandlerMapping mapping : this.context
			.getBeansOfType(RequestMappingInfoHandlerMapping.class)
			.values()) {
			for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				Set<RequestMethod> tried = methods.isEmpty() ? EnumSet.of(RequestMethod.GET, RequestMethod.POST) : methods;
				for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
					for (RequestMethod method : tried) {
						routes.add(new Route(method.asHttpMethod(), pattern.getPatternString(),
								sample(pattern.getPatternString())));
					}
				}
			}
		}
		for (RouterFunctionMapping mapping : this.context.getBeansOfType(RouterFunctionMapping.class).values()) {
			RouterFunction<?> function = mapping.getRouterFunction();
			if (function != null) {
				RouteCollector collector = new RouteCollector();
				function.accept(collector);
				routes.addAll(collector.routes);
			}
		}
		assertThat(routes).isNotEmpty();
		return new ArrayList<>(routes);
	}

	/** @return a concrete path for a pattern: variables become a random UUID, wildcards "x" */
	static String sample(String pattern) {
		return pattern.replaceAll("\\{\\*[^}]*}", "x")
			.replaceAll("\\{[^}:]*:[^}]*}", "1")
			.replaceAll("\\{[^}]*}", UUID.randomUUID().toString())
			.replace("**", "x")
			.replace("*", "x");
	}

	/** Collects method and path of router-function routes (nested paths included). */
	static final class RouteCollector implements RouterFunctions.Visitor, RequestPredicates.Visitor {

		final List<Route> routes = new ArrayList<>();

		private final List<String> prefixes = new ArrayList<>();

		private Set<HttpMethod> methods = new HashSet<>();

		private String path = "";

		@Override
		public void startNested(RequestPredicate predicate) {
			this.path = "";
			predicate.accept(this);
			this.prefixes.add(this.path);
		}

		@Override
		public void endNested(RequestPredicate predicate) {
			this.prefixes.remove(this.prefixes.size() - 1);
		}

		@Override
		public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
			this.methods = new HashSet<>();
			this.path = "";
			predicate.accept(this);
			String full = String.join("", this.prefixes) + this.path;
			Set<HttpMethod> tried = this.methods.isEmpty() ? Set.of(HttpMethod.GET, HttpMethod.POST) : this.methods;
			for (HttpMethod method : tried) {
				this.routes.add(new Route(method, full, sample(full)));
			}
		}

		@Override
		public void resources(java.util.function.Function<ServerRequest, reactor.core.publisher.Mono<org.springframework.core.io.Resource>> lookupFunction) {
		}

		@Override
		public void attributes(Map<String, Object> attributes) {
		}

		@Override
		public void unknown(RouterFunction<?> routerFunction) {
		}

		@Override
		public void method(Set<HttpMethod> methods) {
			this.methods.addAll(methods);
		}

		@Override
		public void path(String pattern) {
			this.path += pattern;
		}

		@Override
		public void pathExtension(String extension) {
		}

		@Override
		public void header(String name, String value) {
		}

		@Override
		public void queryParam(String name, String value) {
		}

		@Override
		public void version(String version) {
		}

		@Override
		public void startAnd() {
		}

		@Override
		public void and() {
		}

		@Override
		public void endAnd() {
		}

		@Override
		public void startOr() {
		}

		@Override
		public void or() {
		}

		@Override
		public void endOr() {
		}

		@Override
		public void startNegate() {
		}

		@Override
		public void endNegate() {
		}

		@Override
		public void unknown(RequestPredicate predicate) {
		}

	}

}
