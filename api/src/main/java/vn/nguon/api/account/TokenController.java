package vn.nguon.api.account;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import vn.nguon.api.account.AccountViews.CreatedToken;
import vn.nguon.api.account.AccountViews.NewTokenRequest;
import vn.nguon.api.account.AccountViews.TokenView;
import vn.nguon.api.security.Actor;
import vn.nguon.api.security.Actors;
import vn.nguon.api.security.TokenSecrets;
import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.account.AccessTokenRepository;
import vn.nguon.traceability.account.Scope;

/**
 * Personal access tokens. A member creates tokens acting as themselves (their role, limited to
 * the token's scopes; the {@code admin} scope only for admins); an organisation token (used
 * through {@code NGUON_ADMIN_TOKEN}) creates organisation tokens. The secret is answered once and
 * stored only as its SHA-256. Admins list and revoke every token of the organisation, other
 * members only their own; others' tokens answer 404.
 */
@RestController
class TokenController {

	static final int DEFAULT_DAYS = 90;

	static final int MAX_DAYS = 366;

	private final AccessTokenRepository tokens;

	TokenController(AccessTokenRepository tokens) {
		this.tokens = tokens;
	}

	@GetMapping("/api/tokens")
	Flux<TokenView> list() {
		return Actors.current()
			.flatMapMany(actor -> this.tokens.list(actor.orgId(), actor.isAdmin() ? null : actor.userId()))
			.map(TokenView::of);
	}

	@PostMapping("/api/tokens")
	Mono<ResponseEntity<CreatedToken>> create(@RequestBody NewTokenRequest body) {
		int days = body.expiresInDays() == null ? DEFAULT_DAYS : body.expiresInDays();
		if (days < 1 || days > MAX_DAYS) {
			return Mono.error(TraceabilityException.invalid("invalid-expiry",
					"A token expires after 1 to " + MAX_DAYS + " days.", MAX_DAYS));
		}
		Set<String> scopes = Scope.validate(body.scopes());
		return Actors.current().flatMap(actor -> {
			checkScopesAllowed(actor, scopes);
			String secret = TokenSecrets.newSecret();
			Instant expiresAt = Instant.now().plus(Duration.ofDays(days));
			return this.tokens.create(actor.orgId(), actor.userId(), body.name(), TokenSecrets.sha256Hex(secret), scopes,
					expiresAt)
				.map(t -> ResponseEntity.created(URI.create("/api/tokens/" + t.id()))
					.cacheControl(CacheControl.noStore())
					.body(new CreatedToken(t.id(), t.name(), t.scopes(), t.expiresAt(), secret)));
		});
	}

	@DeleteMapping("/api/tokens/{tokenId}")
	Mono<ResponseEntity<Void>> revoke(@PathVariable UUID tokenId) {
		return Actors.current()
			.flatMap(actor -> this.tokens.revoke(actor.orgId(), tokenId, actor.isAdmin() ? null : actor.userId()))
			.switchIfEmpty(Mono.error(() -> TraceabilityException.notFound("token-not-found", "No such token.", tokenId)))
			.thenReturn(ResponseEntity.noContent().build());
	}

	/** A token never has more than its creator: no admin scope for non-admins, no scope the caller lacks. */
	static void checkScopesAllowed(Actor actor, Set<String> scopes) {
		Set<String> beyond = new HashSet<>(scopes);
		beyond.removeAll(actor.scopes());
		if (!actor.isAdmin() && scopes.contains(Scope.ADMIN)) {
			beyond.add(Scope.ADMIN);
		}
		if (!beyond.isEmpty()) {
			throw TraceabilityException.invalid("scope-not-allowed", "You may not give a token these scopes: " + beyond,
					String.join(", ", beyond));
		}
	}

}
