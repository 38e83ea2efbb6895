package vn.nguon.api.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated {@link Actor}, from a browser session or from an access token.
 */
public final class ActorAuthentication extends AbstractAuthenticationToken {

	private final Actor actor;

	private final UUID tokenId;

	private ActorAuthentication(Actor actor, UUID tokenId) {
		super(authorities(actor));
		this.actor = actor;
		this.tokenId = tokenId;
		setAuthenticated(true);
	}

	/** @return the authentication of a signed-in member (browser session) */
	public static ActorAuthentication session(Actor actor) {
		return new ActorAuthentication(actor, null);
	}

	/** @return the authentication of a caller presenting the token {@code tokenId} */
	public static ActorAuthentication token(Actor actor, UUID tokenId) {
		return new ActorAuthentication(actor, tokenId);
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public Actor getPrincipal() {
		return this.actor;
	}

	@Override
	public String getName() {
		return this.actor.userId() != null ? this.actor.userId().toString() : "org-token:" + this.tokenId;
	}

	/** @return the token used, or {@code null} for a browser session */
	public UUID tokenId() {
		return this.tokenId;
	}

	public boolean viaSession() {
		return this.tokenId == null;
	}

	private static List<GrantedAuthority> authorities(Actor actor) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(new SimpleGrantedAuthority("ROLE_" + actor.role().toUpperCase(Locale.ROOT)));
		actor.scopes().forEach(s -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + s)));
		return authorities;
	}

}
