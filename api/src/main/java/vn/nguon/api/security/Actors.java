package vn.nguon.api.security;

import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;

/** Access to the current {@link Actor} from reactive code. */
public final class Actors {

	private Actors() {
	}

	/** @return the current actor, or empty for an anonymous caller */
	public static Mono<Actor> current() {
		return ReactiveSecurityContextHolder.getContext()
			.map(SecurityContext::getAuthentication)
			.filter(Authentication::isAuthenticated)
			.map(Authentication::getPrincipal)
			.filter(Actor.class::isInstance)
			.cast(Actor.class);
	}

}
