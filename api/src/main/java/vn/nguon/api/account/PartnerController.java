package vn.nguon.api.account;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import vn.nguon.api.security.Actors;
import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.PartnerGrants;
import vn.nguon.traceability.organisation.PartnerGrants.Grant;

/**
 * Sharing by consent: the partners the caller's organisation granted read access to its events
 * about the lots they received (as deep as its sharing policy goes), and those that granted it
 * the same. Admins grant and revoke.
 */
@RestController
class PartnerController {

	private final PartnerGrants grants;

	PartnerController(PartnerGrants grants) {
		this.grants = grants;
	}

	/** A partner to grant access to, by organisation id or party GLN. */
	record GrantRequest(UUID organisationId, String gln) {
	}

	/** One grant. */
	record GrantView(UUID grantorId, String grantorName, UUID organisationId, String name, String gln,
			Instant createdAt) {

		static GrantView of(Grant g) {
			return new GrantView(g.grantor().value(), g.grantorName(), g.grantee().value(), g.granteeName(), g.granteeGln(),
					g.createdAt());
		}

	}

	/** Both directions. */
	record Partners(List<GrantView> granted, List<GrantView> grantedToUs) {
	}

	@Operation(summary = "List the partners the organisation shares with, and those sharing with it")
	@GetMapping("/api/partners")
	Mono<Partners> list() {
		return Actors.current()
			.flatMap(actor -> Mono.zip(this.grants.givenBy(actor.orgId()).map(GrantView::of).collectList(),
					this.grants.receivedBy(actor.orgId()).map(GrantView::of).collectList()))
			.map(t -> new Partners(t.getT1(), t.getT2()));
	}

	@Operation(summary = "Let a partner read the organisation's events about the lots it received")
	@PostMapping("/api/partners")
	Mono<ResponseEntity<GrantView>> grant(@RequestBody GrantRequest body) {
		return Actors.current()
			.flatMap(actor -> this.grants.grant(actor.orgId(), body.organisationId(), body.gln()))
			.map(g -> ResponseEntity.created(URI.create("/api/partners/" + g.grantee().value())).body(GrantView.of(g)));
	}

	@Operation(summary = "Revoke a partner's access")
	@DeleteMapping("/api/partners/{organisationId}")
	Mono<ResponseEntity<Void>> revoke(@PathVariable UUID organisationId) {
		return Actors.current()
			.flatMap(actor -> this.grants.revoke(actor.orgId(), OrgId.of(organisationId)))
			.flatMap(found -> found ? Mono.just(ResponseEntity.noContent().<Void>build())
					: Mono.error(TraceabilityException.notFound("partner-not-found", "No grant to this partner.",
							organisationId.toString())));
	}

}
