package vn.nguon.api.security;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;

/**
 * The platform operator: the administrators of the first organisation, the one the bootstrap
 * administrator ({@code NGUON_ADMIN_EMAIL}, {@code NGUON_ADMIN_TOKEN}) belongs to. Only they bring
 * new organisations onto the platform and disable them ({@code AccessRules.operator} lines); the
 * security layer marks their {@link Actor} when it builds it.
 */
@Component
public class PlatformOperator {

	private final Mono<OrgId> first;

	PlatformOperator(OrganisationRepository organisations) {
		// The first organisation never changes once it exists (AdminBootstrap creates it at startup).
		this.first = organisations.findFirst().map(org -> org.id()).cache(id -> java.time.Duration.ofDays(36500),
				ex -> java.time.Duration.ZERO, () -> java.time.Duration.ZERO);
	}

	/** @return the operator's organisation */
	public Mono<OrgId> organisation() {
		return this.first;
	}

	/** @return the actor, marked as operator when it is an admin of the operator's organisation */
	public Mono<Actor> mark(Actor actor) {
		return this.first.map(actor::inOperatorOrganisation).defaultIfEmpty(actor);
	}

}
