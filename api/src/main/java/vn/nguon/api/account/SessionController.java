package vn.nguon.api.account;

import java.util.Locale;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import vn.nguon.api.account.AccountViews.PasswordChange;
import vn.nguon.api.account.AccountViews.Session;
import vn.nguon.api.account.AccountViews.SignIn;
import vn.nguon.api.security.Actor;
import vn.nguon.api.security.ActorAuthentication;
import vn.nguon.api.security.Actors;
import vn.nguon.api.security.ClientAddress;
import vn.nguon.api.security.ClientRateLimits;
import vn.nguon.api.security.Passwords;
import vn.nguon.api.security.SecurityProblems;
import vn.nguon.api.security.SessionSecurityContextRepository;
import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.account.AccountRepository;
import vn.nguon.traceability.account.UserAccount;
import vn.nguon.traceability.organisation.OrganisationRepository;

/**
 * Browser sign-in ({@code POST /api/session}), who am I ({@code GET}), sign-out ({@code DELETE})
 * and password change. Sign-in attempts are limited per client address and per client address
 * and account (429 with {@code Retry-After}); a wrong e-mail address or password, or a disabled
 * account, all answer the same 401.
 */
@RestController
class SessionController {

	private final AccountRepository accounts;

	private final OrganisationRepository organisations;

	private final Passwords passwords;

	private final SessionSecurityContextRepository sessions;

	private final ClientRateLimits limits;

	private final SecurityProblems problems;

	private final CookieServerCsrfTokenRepository csrfTokens;

	SessionController(AccountRepository accounts, OrganisationRepository organisations, Passwords passwords,
			SessionSecurityContextRepository sessions, ClientRateLimits limits, SecurityProblems problems,
			CookieServerCsrfTokenRepository csrfTokens) {
		this.accounts = accounts;
		this.organisations = organisations;
		this.passwords = passwords;
		this.sessions = sessions;
		this.limits = limits;
		this.problems = problems;
		this.csrfTokens = csrfTokens;
	}

	@PostMapping("/api/session")
	Mono<ResponseEntity<?>> signIn(@RequestBody SignIn form, ServerWebExchange exchange) {
		String email = form.email() == null ? "" : form.email().trim().toLowerCase(Locale.ROOT);
		String address = ClientAddress.of(exchange);
		return this.limits.signIn(address, email).flatMap(wait -> wait.isPresent()
				? Mono.just(this.problems.tooManyRequests(exchange, wait.get())) : checkPassword(form, email, exchange));
	}

	private Mono<ResponseEntity<?>> checkPassword(SignIn form, String email, ServerWebExchange exchange) {
		Mono<UserAccount> user = Mono.defer(() -> this.accounts.findUserByEmail(email))
			.onErrorResume(TraceabilityException.class, ex -> Mono.empty());
		return user.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap(found -> this.passwords.matches(form.password(), found.map(UserAccount::passwordHash).orElse(null))
				.filter(ok -> ok && !found.get().disabled())
				.flatMap(ok -> this.accounts.findFirstMembership(found.get().id())))
			.flatMap(member -> this.sessions.signIn(exchange, member)
				.flatMap(auth -> rotateCsrfToken(exchange).then(view(auth.getPrincipal(), "session"))))
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.switchIfEmpty(Mono.fromSupplier(() -> this.problems.unauthorized(exchange, "invalid-credentials",
					"Wrong e-mail address or password.")));
	}

	@GetMapping("/api/session")
	Mono<Session> whoAmI() {
		return ReactiveSecurityContextHolder.getContext()
			.map(SecurityContext::getAuthentication)
			.cast(ActorAuthentication.class)
			.flatMap(auth -> view(auth.getPrincipal(), auth.viaSession() ? "session" : "token"));
	}

	@DeleteMapping("/api/session")
	Mono<ResponseEntity<Void>> signOut(ServerWebExchange exchange) {
		return this.sessions.signOut(exchange)
			.then(rotateCsrfToken(exchange))
			.thenReturn(ResponseEntity.noContent().build());
	}

	@PutMapping("/api/account/password")
	Mono<ResponseEntity<?>> changePassword(@RequestBody PasswordChange form, ServerWebExchange exchange) {
		return Actors.current()
			.filter(actor -> actor.userId() != null)
			.switchIfEmpty(Mono.error(() -> TraceabilityException.invalid("no-password",
					"This caller has no password (organisation token).")))
			.flatMap(actor -> this.accounts.findUserById(actor.userId()))
			.flatMap(user -> this.limits.passwordChange(user.id()).flatMap(wait -> {
				if (wait.isPresent()) {
					return Mono.<ResponseEntity<?>>just(this.problems.tooManyRequests(exchange, wait.get()));
				}
				return this.passwords.matches(form.currentPassword(), user.passwordHash())
					.flatMap(ok -> ok ? this.passwords.hash(form.newPassword())
						: Mono.error(TraceabilityException.invalid("wrong-password", "The current password is wrong.")))
					.flatMap(hash -> this.accounts.changePasswordHash(user.id(), hash))
					.<ResponseEntity<?>>thenReturn(ResponseEntity.noContent().build());
			}));
	}

	private Mono<Void> rotateCsrfToken(ServerWebExchange exchange) {
		return this.csrfTokens.generateToken(exchange).flatMap(token -> this.csrfTokens.saveToken(exchange, token));
	}

	private Mono<Session> view(Actor actor, String via) {
		Mono<Optional<UserAccount>> user = actor.userId() == null ? Mono.just(Optional.empty())
				: this.accounts.findUserById(actor.userId()).map(Optional::of).defaultIfEmpty(Optional.empty());
		return Mono.zip(user, this.organisations.findById(actor.orgId()))
			.map(t -> new Session(actor.userId(), t.getT1().map(UserAccount::email).orElse(null),
					t.getT1().map(UserAccount::displayName).orElse(null), actor.orgId().value(), t.getT2().slug(),
					t.getT2().name(), t.getT2().glns(), actor.role(), actor.scopes(), actor.farmIds(), actor.operator(), via));
	}

}
