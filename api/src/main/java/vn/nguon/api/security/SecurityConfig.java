package vn.nguon.api.security;

import java.time.Clock;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.header.HttpHeaderWriterWebFilter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import vn.nguon.traceability.account.WebSessionRepository;

/**
 * The security filter chain, built from {@link AccessRules} (the one place deciding who may call
 * what). Browser members sign in at {@code POST /api/session} and carry a session cookie
 * ({@code Secure} unless {@code NGUON_COOKIE_SECURE=false}, {@code HttpOnly},
 * {@code SameSite=Lax}); their state-changing requests need the CSRF token of the
 * {@code XSRF-TOKEN} cookie echoed in the {@code X-XSRF-TOKEN} header. API and EPCIS clients
 * send {@code Authorization: Bearer <token>} and need no CSRF token. Every answer carries the
 * security headers (CSP without inline scripts, frame-ancestors none, nosniff, referrer and
 * permissions policies); 401, 403 and 429 are problem details.
 */
@Configuration
@EnableWebFluxSecurity
class SecurityConfig {

	static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
			+ "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

	static final String PERMISSIONS_POLICY = "camera=(self), geolocation=(self), microphone=()";

	static final ReferrerPolicy REFERRER_POLICY = ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN;

	static final String SESSION_COOKIE = "SESSION";

	private static final PathPattern[] RATE_LIMITED_PUBLIC = { PathPatternParser.defaultInstance.parse("/01/**"),
			PathPatternParser.defaultInstance.parse("/qr/**") };

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, BearerTokenAuthenticationManager tokens,
			SessionSecurityContextRepository sessions, SecurityProblems problems, ClientRateLimits limits,
			CookieServerCsrfTokenRepository csrfTokens) {
		AuthenticationWebFilter bearer = new AuthenticationWebFilter(tokens);
		bearer.setServerAuthenticationConverter(SecurityConfig::bearerToken);
		bearer.setAuthenticationFailureHandler((webFilterExchange, e) -> problems.write(webFilterExchange.getExchange(),
				problems.unauthorized(webFilterExchange.getExchange(), "unauthorized",
						"Missing, unknown, revoked or expired credentials.")));
		bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());

		ServerCsrfTokenRequestAttributeHandler csrfHandler = new ServerCsrfTokenRequestAttributeHandler();
		return http.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(sessions)
			.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
				.csrfTokenRequestHandler(csrfHandler)
				.requireCsrfProtectionMatcher(SecurityConfig::needsCsrfProtection)
				.accessDeniedHandler((exchange, e) -> problems.write(exchange,
						problems.forbidden(exchange, "csrf-invalid", "Missing or wrong CSRF token; reload the page."))))
			.addFilterAfter(exposeCsrfToken(), SecurityWebFiltersOrder.CSRF)
			.addFilterAfter(publicRateLimit(limits, problems), SecurityWebFiltersOrder.HTTP_HEADERS_WRITER)
			.addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
			.authorizeExchange(ex -> ex.anyExchange().access(new RuleAuthorizationManager()))
			// the security headers come from one writer, which the consumer page shortcut uses as well
			.headers(ServerHttpSecurity.HeaderSpec::disable)
			.addFilterAt(new HttpHeaderWriterWebFilter(SecurityHeaders.writer()), SecurityWebFiltersOrder.HTTP_HEADERS_WRITER)
			.exceptionHandling(eh -> eh
				.authenticationEntryPoint((exchange, e) -> problems.write(exchange, problems.unauthorized(exchange,
						"unauthorized", "Sign in or send Authorization: Bearer <token>.")))
				.accessDeniedHandler((exchange, e) -> problems.write(exchange,
						problems.forbidden(exchange, "access-denied", "You are not allowed to do this."))))
			.build();
	}

	/** The CSRF token cookie, readable by the page's script (it echoes it in {@code X-XSRF-TOKEN}). */
	@Bean
	CookieServerCsrfTokenRepository csrfTokenRepository(SecurityProperties properties) {
		CookieServerCsrfTokenRepository repository = CookieServerCsrfTokenRepository.withHttpOnlyFalse();
		repository.setCookiePath("/");
		repository.setCookieCustomizer(cookie -> cookie.secure(properties.cookieSecure()).sameSite("Lax"));
		return repository;
	}

	/**
	 * Browser sessions: in PostgreSQL (shared by all replicas, kept over restarts), ending after
	 * {@code NGUON_SESSION_TIMEOUT} idle; cookie {@code SESSION} with Secure, HttpOnly, SameSite=Lax.
	 */
	@Bean(name = "webSessionManager")
	WebSessionManager webSessionManager(SecurityProperties properties, WebSessionRepository sessions) {
		CookieWebSessionIdResolver resolver = new CookieWebSessionIdResolver();
		resolver.setCookieName(SESSION_COOKIE);
		resolver.setCookieMaxAge(java.time.Duration.ofSeconds(-1));
		resolver.addCookieInitializer(cookie -> cookie.secure(properties.cookieSecure()).httpOnly(true).sameSite("Lax")
			.path("/"));
		DefaultWebSessionManager manager = new DefaultWebSessionManager();
		manager.setSessionIdResolver(resolver);
		manager.setSessionStore(new PostgresWebSessionStore(sessions, properties.sessionTimeout(), Clock.systemUTC()));
		return manager;
	}

	/**
	 * CSRF protection is for requests a browser sends with its cookies: state-changing requests
	 * that carry the session cookie, and sign-in itself (against login CSRF). Requests with a
	 * bearer token, and requests without any session, carry no ambient credentials to abuse.
	 */
	static Mono<MatchResult> needsCsrfProtection(ServerWebExchange exchange) {
		HttpMethod method = exchange.getRequest().getMethod();
		boolean safe = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)
				|| HttpMethod.OPTIONS.equals(method) || HttpMethod.TRACE.equals(method);
		if (safe || hasBearer(exchange)) {
			return MatchResult.notMatch();
		}
		boolean withSession = exchange.getRequest().getCookies().containsKey(SESSION_COOKIE);
		boolean signIn = "/api/session".equals(exchange.getRequest().getPath().pathWithinApplication().value());
		return (withSession || signIn) ? MatchResult.match() : MatchResult.notMatch();
	}

	static boolean hasBearer(ServerWebExchange exchange) {
		String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
	}

	/**
	 * Makes sure browsers receive the CSRF cookie (the token is otherwise only created on demand)
	 * on answers of the API, e.g. {@code GET /api/session}, which the app calls first. Public
	 * pages, the resolver and static files set no cookie.
	 */
	private static WebFilter exposeCsrfToken() {
		return (exchange, chain) -> {
			Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
			String path = exchange.getRequest().getPath().pathWithinApplication().value();
			if (token == null || hasBearer(exchange) || !(path.startsWith("/api/") || path.startsWith("/epcis/"))) {
				return chain.filter(exchange);
			}
			return token.then(chain.filter(exchange));
		};
	}

	/** Per client address limit on the public resolver paths. */
	static WebFilter publicRateLimit(ClientRateLimits limits, SecurityProblems problems) {
		return (exchange, chain) -> {
			var path = exchange.getRequest().getPath().pathWithinApplication();
			for (PathPattern pattern : RATE_LIMITED_PUBLIC) {
				if (pattern.matches(path)) {
					Optional<java.time.Duration> wait = limits.tryAcquire(ClientRateLimits.PUBLIC,
							ClientAddress.of(exchange));
					if (wait.isPresent()) {
						return problems.write(exchange, problems.tooManyRequests(exchange, wait.get()));
					}
					break;
				}
			}
			return chain.filter(exchange);
		};
	}

	private static Mono<Authentication> bearerToken(ServerWebExchange exchange) {
		if (!hasBearer(exchange)) {
			return Mono.empty();
		}
		String token = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION).substring(7).trim();
		return Mono.just(UsernamePasswordAuthenticationToken.unauthenticated(token, token));
	}

	/** Applies {@link AccessRules} to each exchange. */
	static final class RuleAuthorizationManager implements ReactiveAuthorizationManager<AuthorizationContext> {

		@Override
		public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
			var request = context.getExchange().getRequest();
			AccessRules.Rule rule = AccessRules.ruleFor(request.getMethod(), request.getPath().pathWithinApplication().value());
			if (rule.isPublic()) {
				return Mono.just(new AuthorizationDecision(true));
			}
			return authentication.filter(Authentication::isAuthenticated)
				.map(Authentication::getPrincipal)
				.filter(Actor.class::isInstance)
				.cast(Actor.class)
				.map(actor -> rule.decide(actor) == AccessRules.Decision.PERMIT)
				.defaultIfEmpty(false)
				.map(AuthorizationDecision::new);
		}

	}

}
