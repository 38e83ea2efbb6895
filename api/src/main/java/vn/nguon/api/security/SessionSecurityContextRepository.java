package vn.nguon.api.security;

import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

import vn.nguon.traceability.account.AccountRepository;
import vn.nguon.traceability.account.Member;
import vn.nguon.traceability.account.Role;
import vn.nguon.traceability.account.Scope;
import vn.nguon.traceability.organisation.OrgId;

/**
 * Keeps only the member's user and organisation ids in the browser session and rebuilds the
 * {@link Actor} from the database on each request, so a changed role, changed farms or a disabled
 * account take effect at once (a disabled or removed member's session is invalidated).
 */
@Component
public class SessionSecurityContextRepository implements ServerSecurityContextRepository {

	static final String USER = "nguon.user";

	static final String ORG = "nguon.org";

	private final AccountRepository accounts;

	private final PlatformOperator operator;

	public SessionSecurityContextRepository(AccountRepository accounts, PlatformOperator operator) {
		this.accounts = accounts;
		this.operator = operator;
	}

	@Override
	public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
		return exchange.getSession().doOnNext(session -> {
			if (context != null && context.getAuthentication() instanceof ActorAuthentication auth
					&& auth.viaSession() && auth.getPrincipal().userId() != null) {
				session.getAttributes().put(USER, auth.getPrincipal().userId());
				session.getAttributes().put(ORG, auth.getPrincipal().orgId().value());
				session.start();
			}
			else {
				session.getAttributes().remove(USER);
				session.getAttributes().remove(ORG);
			}
		}).then();
	}

	@Override
	public Mono<SecurityContext> load(ServerWebExchange exchange) {
		return exchange.getSession().flatMap(session -> {
			UUID userId = session.getAttribute(USER);
			UUID orgId = session.getAttribute(ORG);
			if (userId == null || orgId == null) {
				return Mono.empty();
			}
			return this.accounts.findMember(OrgId.of(orgId), userId)
				.filter(member -> !member.disabled())
				.flatMap(member -> this.operator.mark(actor(member)))
				.map(actor -> (SecurityContext) new SecurityContextImpl(ActorAuthentication.session(actor)))
				.switchIfEmpty(Mono.defer(() -> session.invalidate().then(Mono.<SecurityContext>empty())));
		});
	}

	/** @return the actor of a member signed in with a browser session (all scopes) */
	public static Actor actor(Member member) {
		return new Actor(member.userId(), member.orgId(), member.role().value(), Scope.ALL,
				member.role() == Role.FARMER ? member.farmIds() : Set.of());
	}

	/**
	 * Signs the member in: a new session id (against session fixation) holding the member.
	 * @return the new authentication
	 */
	public Mono<ActorAuthentication> signIn(ServerWebExchange exchange, Member member) {
		return this.operator.mark(actor(member)).map(ActorAuthentication::session)
			.flatMap(auth -> exchange.getSession()
				.flatMap(session -> session.changeSessionId().thenReturn(session))
				.then(save(exchange, new SecurityContextImpl(auth)))
				.thenReturn(auth));
	}

	/** Ends the browser session. */
	public Mono<Void> signOut(ServerWebExchange exchange) {
		return exchange.getSession().flatMap(WebSession::invalidate);
	}

}
