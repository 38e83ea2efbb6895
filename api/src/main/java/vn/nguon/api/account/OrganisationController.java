package vn.nguon.api.account;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import vn.nguon.api.security.Actor;
import vn.nguon.api.security.Actors;
import vn.nguon.api.security.Passwords;
import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.account.Onboarding;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.Organisation;
import vn.nguon.traceability.organisation.OrganisationRepository;

/**
 * The organisations on the platform. The platform operator ({@code AccessRules.operator} lines) creates
 * them with their first admin, adds party GLNs and disables them; every member may list the
 * active ones (names and GLNs are what partners along the chain name in shipping events), the
 * operator sees the disabled ones too. An organisation's own admins may add GLNs to it.
 */
@RestController
class OrganisationController {

	private final OrganisationRepository organisations;

	private final Onboarding onboarding;

	private final Passwords passwords;

	OrganisationController(OrganisationRepository organisations, Onboarding onboarding, Passwords passwords) {
		this.organisations = organisations;
		this.onboarding = onboarding;
		this.passwords = passwords;
	}

	/** A new organisation and its first administrator. */
	record NewOrganisationRequest(String name, String gln, String adminEmail, String adminPassword) {
	}

	/** Operator's change; absent fields stay as they are. */
	record OrganisationChange(Boolean disabled) {
	}

	/** A party GLN to add. */
	record PartyRequest(String gln) {
	}

	/** An organisation as listed. */
	record OrganisationView(UUID id, String name, String gln, List<String> glns, String slug, boolean disabled,
			Instant createdAt) {

		static OrganisationView of(Organisation o) {
			return new OrganisationView(o.id().value(), o.name(), o.glns().isEmpty() ? null : o.glns().get(0), o.glns(),
					o.slug(), !o.active(), o.createdAt());
		}

	}

	@Operation(summary = "Create an organisation with its first admin (platform operator only)")
	@PostMapping("/api/organisations")
	Mono<ResponseEntity<OrganisationView>> create(@RequestBody NewOrganisationRequest body) {
		return Actors.current()
			.flatMap(actor -> this.passwords.hash(body.adminPassword()))
			.flatMap(hash -> this.onboarding.register(body.name(), body.gln(), body.adminEmail(), hash))
			.map(org -> ResponseEntity.created(URI.create("/api/organisations/" + org.id().value()))
				.body(OrganisationView.of(org)));
	}

	@Operation(summary = "List the organisations (the operator also sees disabled ones)")
	@GetMapping("/api/organisations")
	Flux<OrganisationView> list() {
		return Actors.current()
			.flatMapMany(actor -> this.organisations.findAll().filter(o -> actor.operator() || o.active()))
			.map(OrganisationView::of);
	}

	@Operation(summary = "Read one organisation")
	@GetMapping("/api/organisations/{id}")
	Mono<OrganisationView> read(@PathVariable UUID id) {
		return Actors.current()
			.flatMap(actor -> this.organisations.findById(OrgId.of(id)).filter(o -> actor.operator() || o.active()))
			.switchIfEmpty(notFound(id))
			.map(OrganisationView::of);
	}

	@Operation(summary = "Disable or enable an organisation (platform operator only); its sessions and tokens stop at once")
	@PatchMapping("/api/organisations/{id}")
	Mono<OrganisationView> change(@PathVariable UUID id, @RequestBody OrganisationChange body) {
		return Actors.current()
			.flatMap(actor -> body.disabled() == null ? this.organisations.findById(OrgId.of(id))
					: this.onboarding.setDisabled(actor.orgId(), OrgId.of(id), body.disabled()))
			.switchIfEmpty(notFound(id))
			.map(OrganisationView::of);
	}

	@Operation(summary = "Add a party GLN to an organisation (the operator, or the organisation's own admins)")
	@PostMapping("/api/organisations/{id}/glns")
	Mono<OrganisationView> addParty(@PathVariable UUID id, @RequestBody PartyRequest body) {
		return Actors.current()
			.flatMap(actor -> mayManage(actor, OrgId.of(id)))
			.flatMap(actor -> this.onboarding.addParty(OrgId.of(id), body.gln()))
			.switchIfEmpty(notFound(id))
			.map(OrganisationView::of);
	}

	/** Another organisation's admins do not learn whether it exists: 404. */
	private static Mono<Actor> mayManage(Actor actor, OrgId target) {
		return actor.operator() || actor.orgId().equals(target) ? Mono.just(actor) : Mono.empty();
	}

	private static <T> Mono<T> notFound(UUID id) {
		return Mono.error(() -> TraceabilityException.notFound("organisation-not-found", "No such organisation.", id));
	}

}
