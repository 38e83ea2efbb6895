package vn.nguon.traceability.product;

import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.idempotency.Idempotency;
import vn.nguon.traceability.idempotency.IdempotencyStore;
import vn.nguon.traceability.organisation.OrgId;

/** Registers and changes the products of an organisation. A GTIN belongs to one product service-wide. */
@Service
public class ProductService {

	private final ProductRepository products;

	private final IdempotencyStore idempotency;

	public ProductService(ProductRepository products, IdempotencyStore idempotency) {
		this.products = products;
		this.idempotency = idempotency;
	}

	/** The result of a creating request: the product and whether it was made by an earlier request. */
	public record Created(Product product, boolean replayed) {
	}

	/**
	 * Registers a product.
	 * @throws TraceabilityException {@code gtin-taken} (conflict) when another product has the GTIN
	 */
	@Transactional
	public Mono<Created> create(OrgId org, ProductDraft draft, Idempotency idem) {
		String fp = Idempotency.fingerprint("product", draft);
		return this.idempotency.claim(org, idem, "product.create", fp)
			.flatMap(r -> get(org, r.resourceId()).map(p -> new Created(p, true)))
			.switchIfEmpty(Mono.defer(() -> gtinFree(draft, null).then(Mono.defer(() -> {
				UUID id = idem.clientId() != null ? idem.clientId() : UUID.randomUUID();
				return this.products.insert(id, org, draft)
					.flatMap(p -> this.idempotency.complete(org, idem, p.id(), null).thenReturn(new Created(p, false)));
			}))));
	}

	/**
	 * Replaces what is said about a product. The GTIN may only change while no batch uses it.
	 */
	@Transactional
	public Mono<Product> update(OrgId org, UUID id, ProductDraft draft) {
		return get(org, id).flatMap(current -> {
			if (current.gtin().equals(draft.gtin())) {
				return this.products.update(id, org, draft);
			}
			return this.products.hasBatches(id).flatMap(used -> used
					? Mono.error(TraceabilityException.conflict("product-gtin-in-use",
							"The GTIN of a product with batches cannot change", current.gtin().value()))
					: gtinFree(draft, id).then(this.products.update(id, org, draft)));
		});
	}

	public Mono<Product> get(OrgId org, UUID id) {
		return this.products.findById(org, id)
			.switchIfEmpty(Mono.error(() -> TraceabilityException.notFound("product-not-found", "No such product: " + id, id)));
	}

	public Flux<Product> list(OrgId org) {
		return this.products.findAll(org);
	}

	private Mono<Void> gtinFree(ProductDraft draft, UUID self) {
		return this.products.findByGtin(draft.gtin())
			.filter(p -> !p.id().equals(self))
			.flatMap(p -> Mono.<Void>error(TraceabilityException.conflict("gtin-taken",
					"GTIN " + draft.gtin().value() + " is already registered", draft.gtin().value())));
	}

}
