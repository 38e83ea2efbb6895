package vn.nguon.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

import vn.nguon.traceability.organisation.OrganisationRepository;

/**
 * Authenticates {@code Authorization: Bearer <token>}. The configured admin token
 * ({@code NGUON_ADMIN_TOKEN}) makes the caller an admin of the first organisation, which is
 * created on first use when the database is empty.
 */
@Component
class BearerTokenAuthenticationManager implements ReactiveAuthenticationManager {

	static final Set<String> ALL_SCOPES = Set.of("read", "write", "epcis", "grading", "admin");

	private final AdminProperties admin;

	private final Mono<Actor> adminActor;

	BearerTokenAuthenticationManager(AdminProperties admin, OrganisationRepository organisations) {
		this.admin = admin;
		this.adminActor = organisations.findFirst()
			.switchIfEmpty(Mono.defer(() -> organisations.create("hop-tac-xa", admin.organisation())))
			.map(org -> new Actor(null, org.id(), "admin", ALL_SCOPES, Set.of()))
			.cache(actor -> java.time.Duration.ofDays(365), error -> java.time.Duration.ZERO,
					() -> java.time.Duration.ZERO);
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		String token = String.valueOf(authentication.getCredentials());
		if (this.admin.hasToken() && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
				this.admin.token().getBytes(StandardCharsets.UTF_8))) {
			return this.adminActor.map(BearerTokenAuthenticationManager::authenticated);
		}
		return Mono.error(new BadCredentialsException("Unknown or expired token"));
	}

	static Authentication authenticated(Actor actor) {
		List<SimpleGrantedAuthority> authorities = new java.util.ArrayList<>();
		authorities.add(new SimpleGrantedAuthority("ROLE_" + actor.role().toUpperCase(java.util.Locale.ROOT)));
		actor.scopes().forEach(s -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + s)));
		return UsernamePasswordAuthenticationToken.authenticated(actor, null, authorities);
	}

}
