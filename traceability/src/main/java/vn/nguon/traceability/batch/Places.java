package vn.nguon.traceability.batch;

import java.util.UUID;

import reactor.core.publisher.Mono;

import vn.nguon.traceability.farm.FarmRepository;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;

/** Where a step happens when the command does not say: the batch's farm, else the organisation. */
final class Places {

	private final FarmRepository farms;

	private final OrganisationRepository organisations;

	Places(FarmRepository farms, OrganisationRepository organisations) {
		this.farms = farms;
		this.organisations = organisations;
	}

	/** @return the given place, else the farm of the batch, else the organisation */
	Mono<Place> of(OrgId org, Batch b, BatchCommands.Party given) {
		return given != null ? Mono.just(Place.of(given)) : ofFarm(org, b.farmId());
	}

	/** @return the farm's place, else the organisation's (also when {@code farm} is null) */
	Mono<Place> ofFarm(OrgId org, UUID farm) {
		if (farm == null) {
			return ofOrganisation(org);
		}
		return this.farms.findById(org, farm)
			.map(f -> new Place(f.locationUri(), f.description()))
			.switchIfEmpty(Mono.defer(() -> ofOrganisation(org)));
	}

	/** @return the organisation as a place: its URI and name */
	Mono<Place> ofOrganisation(OrgId org) {
		return this.organisations.findById(org)
			.map(o -> new Place(BatchEvents.orgUri(org), o.name()))
			.defaultIfEmpty(new Place(BatchEvents.orgUri(org), null));
	}

}
