package vn.nguon.api.security;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import vn.nguon.traceability.account.Scope;

/**
 * Who may call what: the one table {@link SecurityConfig} enforces and the authorisation-matrix
 * test checks. The first rule whose method and path pattern match decides.
 *
 * <p>
 * Adding an endpoint? Add one line to {@link #RULES} above the fallbacks, for example
 * <pre>
 * member(POST, "/api/batches/{id}/recall", Scope.WRITE, ADMIN),
 * member(GET, "/api/batches", Scope.READ, ANY_ROLE),
 * permit(GET, "/qr/{gtin}/{lot}"),
 * </pre>
 * {@code operator(method, pattern, scope)} lets in only the platform operator's admins.
 * {@code member(method, pattern, scope, roles...)} lets in signed-in members (browser session,
 * which has every scope) and access tokens whose member has one of the roles and whose token
 * carries the scope ({@code null} scope: any token); {@code permit} lets in everyone. Patterns
 * are Spring {@link PathPattern}s ({@code {var}}, {@code *}, {@code **}). The fallbacks at the
 * end keep unlisted {@code /api} and {@code /epcis} paths closed to the anonymous public, but a
 * controller route that only a fallback covers makes {@code AuthorisationMatrixTests} fail.
 * Inside handlers, {@link Actors#current()} still scopes every query by organisation (objects of
 * another organisation answer 404) and checks farm assignments.
 * <p>
 * Over 300 lines: most of it is the table of rules, one line per route.
 */
public final class AccessRules {

	/** Every role. */
	public static final String[] ANY_ROLE = { "farmer", "reviewer", "admin" };

	public static final String ADMIN = "admin";

	public static final String REVIEWER = "reviewer";

	public static final String FARMER = "farmer";

	private static final HttpMethod GET = HttpMethod.GET;

	private static final HttpMethod POST = HttpMethod.POST;

	private static final HttpMethod PUT = HttpMethod.PUT;

	private static final HttpMethod PATCH = HttpMethod.PATCH;

	private static final HttpMethod DELETE = HttpMethod.DELETE;

	private static final HttpMethod OPTIONS = HttpMethod.OPTIONS;

	/** The rules, first match wins. */
	public static final List<Rule> RULES = List.of(
			// Pages and static files of the PWA (contract 6)
			permit(GET, "/"),
			permit(GET, "/*.html"),
			permit(GET, "/css/**"),
			permit(GET, "/js/**"),
			permit(GET, "/icons/**"),
			permit(GET, "/manifest.webmanifest"),
			permit(GET, "/sw.js"),
			permit(GET, "/favicon.ico"),
			permit(GET, "/webjars/**"),
			// Screens: farmer app and cooperative dashboard (shells only; their data is under /api), UI bundles
			permit(GET, "/app"),
			permit(GET, "/app/**"),
			permit(GET, "/dashboard"),
			permit(GET, "/dashboard/**"),
			permit(GET, "/i18n/**"),
			// Public reads: resolver and consumer page, QR images, well-known, log, photos (contract 6)
			permit(GET, "/01/**"),
			permit(OPTIONS, "/01/**"),
			permit(HttpMethod.OPTIONS, "/01/**"),
			permit(GET, "/qr/**"),
			permit(GET, "/.well-known/**"),
			permit(GET, "/transparency/**"),
			permit(GET, "/photos/**"),
			permit(GET, "/logos/*"),
			// Operations and API documentation
			permit(GET, "/actuator/health"),
			permit(GET, "/actuator/health/**"),
			member(null, "/actuator/**", Scope.ADMIN, ADMIN),
			permit(GET, "/v3/api-docs"),
			permit(GET, "/v3/api-docs.yaml"),
			permit(GET, "/v3/api-docs/**"),
			permit(GET, "/swagger-ui.html"),
			permit(GET, "/swagger-ui/**"),
			// Browser session and own account
			permit(POST, "/api/session"),
			member(GET, "/api/session", null, ANY_ROLE),
			member(DELETE, "/api/session", null, ANY_ROLE),
			member(PUT, "/api/account/password", Scope.WRITE, ANY_ROLE),
			// Members of the organisation
			member(GET, "/api/members", Scope.ADMIN, ADMIN),
			member(POST, "/api/members", Scope.ADMIN, ADMIN),
			member(GET, "/api/members/{userId}", Scope.ADMIN, ADMIN),
			member(PATCH, "/api/members/{userId}", Scope.ADMIN, ADMIN),
			// Organisations on the platform: the operator creates and disables them (checked in the handler),
			// members list the active ones; an organisation's admins add its party GLNs
			member(GET, "/api/organisations", Scope.READ, ANY_ROLE),
			operator(POST, "/api/organisations", Scope.ADMIN),
			member(GET, "/api/organisations/{id}", Scope.READ, ANY_ROLE),
			operator(PATCH, "/api/organisations/{id}", Scope.ADMIN),
			member(POST, "/api/organisations/{id}/glns", Scope.ADMIN, ADMIN),
			// Partners the organisation shares its events with by consent
			member(GET, "/api/partners", Scope.READ, REVIEWER, ADMIN),
			member(POST, "/api/partners", Scope.ADMIN, ADMIN),
			member(DELETE, "/api/partners/{organisationId}", Scope.ADMIN, ADMIN),
			// The organisation's public profile (consumer pages show it); its logo is public by digest
			member(GET, "/api/organisation/profile", Scope.READ, ANY_ROLE),
			member(PUT, "/api/organisation/profile", Scope.ADMIN, ADMIN),
			member(PUT, "/api/organisation/profile/logo", Scope.ADMIN, ADMIN),
			member(DELETE, "/api/organisation/profile/logo", Scope.ADMIN, ADMIN),
			// Access tokens (own tokens; admins see and revoke all of the organisation's)
			member(GET, "/api/tokens", Scope.ADMIN, ANY_ROLE),
			member(POST, "/api/tokens", Scope.ADMIN, ANY_ROLE),
			member(DELETE, "/api/tokens/{tokenId}", Scope.ADMIN, ANY_ROLE),
			// Farms and products: members read, administrators write (owner: batches)
			member(GET, "/api/farms", Scope.READ, ANY_ROLE),
			member(GET, "/api/farms/{id}", Scope.READ, ANY_ROLE),
			member(POST, "/api/farms", Scope.WRITE, ADMIN),
			member(PUT, "/api/farms/{id}", Scope.WRITE, ADMIN),
			member(GET, "/api/products", Scope.READ, ANY_ROLE),
			member(GET, "/api/products/{id}", Scope.READ, ANY_ROLE),
			member(POST, "/api/products", Scope.WRITE, ADMIN),
			member(PUT, "/api/products/{id}", Scope.WRITE, ADMIN),
			// Batches: farmers write batches of their farms (checked in the handler), admins all; recall is for admins
			member(GET, "/api/batches", Scope.READ, ANY_ROLE),
			member(GET, "/api/batches/{id}", Scope.READ, ANY_ROLE),
			member(GET, "/api/batches/{id}/epcis", Scope.READ, ANY_ROLE),
			member(POST, "/api/batches", Scope.WRITE, FARMER, ADMIN),
			member(POST, "/api/batches/transform", Scope.WRITE, FARMER, ADMIN),
			member(POST, "/api/batches/{id}/pack", Scope.WRITE, FARMER, ADMIN),
			member(POST, "/api/batches/{id}/ship", Scope.WRITE, FARMER, ADMIN),
			member(POST, "/api/batches/{id}/receive", Scope.WRITE, FARMER, ADMIN),
			member(POST, "/api/batches/{id}/transform", Scope.WRITE, FARMER, ADMIN),
			member(POST, "/api/batches/{id}/recall", Scope.WRITE, ADMIN),
			// Exports for regulators and buyers
			member(GET, "/api/exports/fsma204", Scope.READ, ADMIN, REVIEWER),
			// Transparency log administration (the log itself is public under /transparency)
			member(GET, "/api/transparency/verify", Scope.ADMIN, ADMIN),
			member(POST, "/api/transparency/heads", Scope.ADMIN, ADMIN),
			// Scan counts and label sheets of the organisation's own lots (resolver)
			member(GET, "/api/scans", Scope.READ, ANY_ROLE),
			member(POST, "/api/labels", Scope.READ, ANY_ROLE),
			member(GET, "/api/labels/{job}", Scope.READ, ANY_ROLE),
			member(GET, "/api/labels/{job}/pdf", Scope.READ, ANY_ROLE),
			// Genealogy of a lot
			member(GET, "/api/lots/{gtin}/{lot}/trace", Scope.READ, ANY_ROLE),
			// EPCIS 2.0 REST binding: members query; capture by admins and automation (admin tokens)
			member(OPTIONS, "/epcis/capture", Scope.EPCIS, ANY_ROLE),
			member(POST, "/epcis/capture", Scope.EPCIS, ADMIN),
			member(GET, "/epcis/capture", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/capture/{id}", Scope.EPCIS, ANY_ROLE),
			member(POST, "/epcis/events", Scope.EPCIS, ADMIN),
			member(GET, "/epcis/events", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/events/{eventId}", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/eventTypes", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/eventTypes/{eventType}", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/eventTypes/{eventType}/events", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/epcs", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/epcs/{epc}", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/epcs/{epc}/events", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/bizSteps", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/bizSteps/{bizStep}", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/bizSteps/{bizStep}/events", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/bizLocations", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/bizLocations/{bizLocation}", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/bizLocations/{bizLocation}/events", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/readPoints", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/readPoints/{readPoint}", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/readPoints/{readPoint}/events", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/dispositions", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/dispositions/{disposition}", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/dispositions/{disposition}/events", Scope.EPCIS, ANY_ROLE),
			// Grading: photos by farmers of the batch's farm and admins, reviews (and their live feed) by reviewers and admins
			member(POST, "/api/grading/predict", Scope.GRADING, ANY_ROLE),
			member(POST, "/api/batches/{batchId}/photos", Scope.GRADING, FARMER, ADMIN),
			member(GET, "/api/batches/{batchId}/grade", Scope.READ, ANY_ROLE),
			member(GET, "/api/grading/reviews", Scope.GRADING, REVIEWER, ADMIN),
			member(POST, "/api/grading/reviews", Scope.GRADING, REVIEWER, ADMIN),
			member(GET, "/api/grading/events", Scope.GRADING, REVIEWER, ADMIN),
			member(GET, "/api/grading/models", Scope.READ, ANY_ROLE),
			member(POST, "/api/grading/models/{version}/promote", Scope.ADMIN, ADMIN),
			member(POST, "/api/grading/models/{version}/rollback", Scope.ADMIN, ADMIN),
			member(POST, "/api/grading/models/retrain", Scope.ADMIN, ADMIN),
			member(GET, "/api/grading/models/retrain/{jobId}", Scope.ADMIN, ADMIN),
			member(GET, "/api/grading/dataset/export", Scope.ADMIN, ADMIN),
			// Named queries and subscriptions (EPCIS 2.0 REST binding): members read, administrators write
			member(GET, "/epcis/queries", Scope.EPCIS, ANY_ROLE),
			member(POST, "/epcis/queries", Scope.EPCIS, ADMIN),
			member(GET, "/epcis/queries/{name}", Scope.EPCIS, ANY_ROLE),
			member(DELETE, "/epcis/queries/{name}", Scope.EPCIS, ADMIN),
			member(GET, "/epcis/queries/{name}/events", Scope.EPCIS, ANY_ROLE),
			member(GET, "/epcis/queries/{name}/subscriptions", Scope.EPCIS, ANY_ROLE),
			member(POST, "/epcis/queries/{name}/subscriptions", Scope.EPCIS, ADMIN),
			member(GET, "/epcis/queries/{name}/subscriptions/{id}", Scope.EPCIS, ANY_ROLE),
			member(DELETE, "/epcis/queries/{name}/subscriptions/{id}", Scope.EPCIS, ADMIN),
			// Dead letters of the organisation's subscriptions, and recall alerts on the dashboard
			member(GET, "/api/subscriptions/dead-letters", Scope.READ, ADMIN),
			member(POST, "/api/subscriptions/dead-letters/{id}/replay", Scope.WRITE, ADMIN),
			member(GET, "/api/alerts", Scope.READ, ANY_ROLE),
			// Fallbacks: keep unlisted API paths closed; unlisted routes fail the matrix test
			fallback(member(GET, "/api/**", Scope.READ, ANY_ROLE)),
			fallback(member(null, "/api/**", Scope.WRITE, ANY_ROLE)),
			fallback(member(GET, "/epcis/**", Scope.EPCIS, ANY_ROLE)),
			fallback(member(null, "/epcis/**", Scope.EPCIS, ANY_ROLE)),
			fallback(permit(null, "/**")));

	private AccessRules() {
	}

	/**
	 * @param method request method
	 * @param path request path within the application (no query)
	 * @return the deciding rule (never {@code null}: the last fallback matches everything)
	 */
	public static Rule ruleFor(HttpMethod method, String path) {
		PathContainer container = PathContainer.parsePath(path);
		for (Rule rule : RULES) {
			if (rule.matches(method, container)) {
				return rule;
			}
		}
		throw new IllegalStateException("No access rule for " + method + " " + path);
	}

	/**
	 * @param method request method
	 * @param path request path
	 * @param actor the caller, or {@code null} when anonymous
	 * @return what to answer
	 */
	public static Decision decide(HttpMethod method, String path, Actor actor) {
		return ruleFor(method, path).decide(actor);
	}

	static Rule permit(HttpMethod method, String pattern) {
		return new Rule(method, pattern, true, Set.of(), null, false, false);
	}

	static Rule member(HttpMethod method, String pattern, String scope, String... roles) {
		return new Rule(method, pattern, false, Set.copyOf(Arrays.asList(roles)), scope, false, false);
	}

	/** A rule for the platform operator only: admins of its organisation ({@link PlatformOperator}). */
	static Rule operator(HttpMethod method, String pattern, String scope) {
		return new Rule(method, pattern, false, Set.of(ADMIN), scope, false, true);
	}

	static Rule fallback(Rule rule) {
		return new Rule(rule.method(), rule.pattern(), rule.isPublic(), rule.roles(), rule.scope(), true,
				rule.operatorOnly());
	}

	/** What the security layer answers. */
	public enum Decision {

		/** Let the request through to its handler. */
		PERMIT,
		/** 401: no or invalid credentials. */
		UNAUTHENTICATED,
		/** 403: signed in, but the role or the token's scope is not enough. */
		FORBIDDEN

	}

	/**
	 * One line of the table.
	 *
	 * @param method method, or {@code null} for every method ({@code HEAD} matches {@code GET} rules)
	 * @param pattern path pattern
	 * @param isPublic whether anyone may call
	 * @param roles roles allowed (members only)
	 * @param scope scope an access token needs, or {@code null}
	 * @param fallback whether this is a catch-all rather than a rule written for a route
	 * @param operatorOnly whether only the platform operator may call
	 */
	public record Rule(HttpMethod method, String pattern, boolean isPublic, Set<String> roles, String scope,
			boolean fallback, boolean operatorOnly) {

		private static final Map<String, PathPattern> PATTERNS = new ConcurrentHashMap<>();

		public Rule {
			Objects.requireNonNull(pattern, "pattern");
			roles = Set.copyOf(roles);
			if (!isPublic && roles.isEmpty()) {
				throw new IllegalArgumentException("A member rule needs at least one role: " + pattern);
			}
			if (scope != null && !Scope.ALL.contains(scope)) {
				throw new IllegalArgumentException("Unknown scope " + scope + " in rule " + pattern);
			}
		}

		boolean matches(HttpMethod requestMethod, PathContainer path) {
			boolean methodMatches = this.method == null || this.method.equals(requestMethod)
					|| (HttpMethod.HEAD.equals(requestMethod) && HttpMethod.GET.equals(this.method));
			return methodMatches && PATTERNS.computeIfAbsent(this.pattern, PathPatternParser.defaultInstance::parse).matches(path);
		}

		/**
		 * @param actor the caller, or {@code null}
		 * @return the decision of this rule for that caller
		 */
		public Decision decide(Actor actor) {
			if (this.isPublic) {
				return Decision.PERMIT;
			}
			if (actor == null) {
				return Decision.UNAUTHENTICATED;
			}
			if (!this.roles.contains(actor.role())) {
				return Decision.FORBIDDEN;
			}
			if (this.scope != null && !actor.scopes().contains(this.scope)) {
				return Decision.FORBIDDEN;
			}
			if (this.operatorOnly && !actor.operator()) {
				return Decision.FORBIDDEN;
			}
			return Decision.PERMIT;
		}

		@Override
		public String toString() {
			return (this.method == null ? "*" : this.method.name()) + " " + this.pattern + " -> "
					+ (this.isPublic ? "public" : (this.operatorOnly ? "platform operator " : "") + this.roles
							+ (this.scope == null ? "" : " scope " + this.scope))
					+ (this.fallback ? " (fallback)" : "");
		}

	}

}
