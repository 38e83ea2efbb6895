package vn.nguon.api.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import vn.nguon.traceability.account.AccessTokenRepository;
import vn.nguon.traceability.account.ActiveToken;
import vn.nguon.traceability.account.Role;

/**
 * Authenticates {@code Authorization: Bearer <token>}: the SHA-256 of the presented secret is
 * looked up; the token must be neither revoked nor expired, and its member (if any) enabled and
 * still a member. The member's current role applies, limited by the token's scopes.
 */
@Component
class BearerTokenAuthenticationManager implements ReactiveAuthenticationManager {

	private static final Logger log = LoggerFactory.getLogger(BearerTokenAuthenticationManager.class);

	private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

	private final AccessTokenRepository tokens;

	private final PlatformOperator operator;

	BearerTokenAuthenticationManager(AccessTokenRepository tokens, PlatformOperator operator) {
		this.tokens = tokens;
		this.operator = operator;
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		String secret = String.valueOf(authentication.getCredentials());
		if (secret.isEmpty() || secret.length() > 512) {
			return Mono.error(new BadCredentialsException("Unknown or expired token"));
		}
		return this.tokens.findActive(TokenSecrets.sha256Hex(secret))
			.switchIfEmpty(Mono.error(() -> new BadCredentialsException("Unknown or expired token")))
			.flatMap(token -> touch(token).then(this.operator.mark(actor(token)))
				.map(actor -> ActorAuthentication.token(actor, token.tokenId())));
	}

	static Actor actor(ActiveToken token) {
		return new Actor(token.userId(), token.orgId(), token.role().value(), token.scopes(),
				token.role() == Role.FARMER ? token.farmIds() : Set.of());
	}

	private Mono<Void> touch(ActiveToken token) {
		if (token.lastUsedAt() != null && token.lastUsedAt().isAfter(Instant.now().minus(TOUCH_EVERY))) {
			return Mono.empty();
		}
		return this.tokens.touch(token.tokenId()).onErrorResume(ex -> {
			log.warn("Could not record use of token {}: {}", token.tokenId(), ex.getMessage());
			return Mono.empty();
		});
	}

}
