package vn.nguon.traceability.farm;

import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.idempotency.Idempotency;
import vn.nguon.traceability.idempotency.IdempotencyStore;
import vn.nguon.traceability.organisation.OrgId;

/** Registers and changes the farms of an organisation. */
@Service
public class FarmService {

	private final FarmRepository farms;

	private final IdempotencyStore idempotency;

	public FarmService(FarmRepository farms, IdempotencyStore idempotency) {
		this.farms = farms;
		this.idempotency = idempotency;
	}

	/** The result of a creating request: the farm and whether it was made by an earlier request. */
	public record Created(Farm farm, boolean replayed) {
	}

	/**
	 * Registers a farm; a retry with the same id or Idempotency-Key returns the farm made first.
	 * @param org the owner
	 * @param draft what the caller says
	 * @param idem the request's idempotency keys ({@link Idempotency#clientId()} becomes the farm id)
	 * @return the farm
	 */
	@Transactional
	public Mono<Created> create(OrgId org, FarmDraft draft, Idempotency idem) {
		String fp = Idempotency.fingerprint("farm", draft);
		return this.idempotency.claim(org, idem, "farm.create", fp)
			.flatMap(r -> get(org, r.resourceId()).map(f -> new Created(f, true)))
			.switchIfEmpty(Mono.defer(() -> {
				UUID id = idem.clientId() != null ? idem.clientId() : UUID.randomUUID();
				return this.farms.insert(id, org, draft)
					.flatMap(f -> this.idempotency.complete(org, idem, f.id(), null).thenReturn(new Created(f, false)));
			}));
	}

	/** Replaces what is said about a farm. */
	@Transactional
	public Mono<Farm> update(OrgId org, UUID id, FarmDraft draft) {
		return this.farms.update(id, org, draft).switchIfEmpty(Mono.error(() -> notFound(id)));
	}

	/** @return the farm, or a not-found error when it is not the organisation's */
	public Mono<Farm> get(OrgId org, UUID id) {
		return this.farms.findById(org, id).switchIfEmpty(Mono.error(() -> notFound(id)));
	}

	public Flux<Farm> list(OrgId org) {
		return this.farms.findAll(org);
	}

	static TraceabilityException notFound(UUID id) {
		return TraceabilityException.notFound("farm-not-found", "No such farm: " + id, id);
	}

}
