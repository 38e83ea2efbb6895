package vn.nguon.api.batch;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import vn.nguon.traceability.farm.Farm;
import vn.nguon.traceability.farm.FarmDraft;
import vn.nguon.traceability.farm.FarmService;
import vn.nguon.traceability.farm.GeoLocation;
import vn.nguon.traceability.farm.Gln;

/** Farms of the caller's organisation. Administrators register and change them; every member reads them. */
@ProblemResponses
@RestController
@RequestMapping("/api/farms")
@Tag(name = "Farms", description = "Farms (places of harvest) of the caller's organisation")
class FarmController {

	private final FarmService farms;

	FarmController(FarmService farms) {
		this.farms = farms;
	}

	/**
	 * A farm as sent by a client.
	 *
	 * @param id client-generated id (optional, makes retries idempotent)
	 * @param name display name
	 * @param gln 13-digit GLN, optional
	 * @param commune commune, optional
	 * @param district district, optional
	 * @param province province, optional
	 * @param location GeoJSON Point or Polygon (WGS84), optional
	 */
	record FarmRequest(UUID id, String name, String gln, String commune, String district, String province,
			JsonNode location) {

		FarmDraft draft() {
			return new FarmDraft(this.name, Gln.ofNullable(this.gln), this.commune, this.district, this.province,
					GeoLocation.ofNullable(this.location));
		}

	}

	/** A farm as answered. */
	record FarmResponse(UUID id, String name, String gln, String commune, String district, String province,
			JsonNode location, String locationId, Instant createdAt, Instant updatedAt) {

		static FarmResponse of(Farm f) {
			return new FarmResponse(f.id(), f.name(), f.gln() == null ? null : f.gln().value(), f.commune(), f.district(),
					f.province(), f.location() == null ? null : f.location().geoJson(), f.locationUri(), f.createdAt(),
					f.updatedAt());
		}

	}

	@PostMapping
	@Operation(summary = "Register a farm", description = "Administrators only. Idempotent with a client-generated `id` "
			+ "and/or an `Idempotency-Key` header: a retry answers the farm made first.")
	Mono<ResponseEntity<FarmResponse>> create(@RequestBody FarmRequest body,
			@Parameter(description = "Client-chosen key making retries safe") @RequestHeader(name = Callers.IDEMPOTENCY_KEY,
					required = false) String key) {
		FarmDraft draft = body.draft();
		return Callers.admin()
			.flatMap(a -> this.farms.create(a.orgId(), draft, Callers.idempotency(key, body.id())))
			.map(c -> ResponseEntity.created(URI.create("/api/farms/" + c.farm().id())).body(FarmResponse.of(c.farm())));
	}

	@GetMapping
	@Operation(summary = "List the farms of the caller's organisation")
	Flux<FarmResponse> list() {
		return Callers.actor().flatMapMany(a -> this.farms.list(a.orgId())).map(FarmResponse::of);
	}

	@GetMapping("/{id}")
	@Operation(summary = "Read one farm", description = "Farms of other organisations answer 404.")
	Mono<FarmResponse> get(@PathVariable UUID id) {
		return Callers.actor().flatMap(a -> this.farms.get(a.orgId(), id)).map(FarmResponse::of);
	}

	@PutMapping("/{id}")
	@Operation(summary = "Replace what is said about a farm", description = "Administrators only.")
	Mono<FarmResponse> update(@PathVariable UUID id, @RequestBody FarmRequest body) {
		FarmDraft draft = body.draft();
		return Callers.admin().flatMap(a -> this.farms.update(a.orgId(), id, draft)).map(FarmResponse::of);
	}

}
