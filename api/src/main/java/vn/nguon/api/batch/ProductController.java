package vn.nguon.api.batch;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.product.Product;
import vn.nguon.traceability.product.ProductDraft;
import vn.nguon.traceability.product.ProductService;

/** Products (GTINs) of the caller's organisation. Administrators register and change them. */
@ProblemResponses
@RestController
@RequestMapping("/api/products")
@Tag(name = "Products", description = "Products (GTIN-14) of the caller's organisation")
class ProductController {

	private final ProductService products;

	ProductController(ProductService products) {
		this.products = products;
	}

	/**
	 * A product as sent by a client.
	 *
	 * @param id client-generated id (optional)
	 * @param gtin GTIN-8, -12, -13 or -14 with a valid check digit
	 * @param nameVi Vietnamese name
	 * @param nameEn English name, optional
	 * @param variety variety, optional
	 * @param usesSerials whether units carry serial numbers (default false)
	 */
	record ProductRequest(UUID id, String gtin, String nameVi, String nameEn, String variety, Boolean usesSerials) {

		ProductDraft draft() {
			if (this.gtin == null || this.gtin.isBlank()) {
				throw TraceabilityException.invalid("missing-field", "The field gtin is required", "gtin");
			}
			return new ProductDraft(Gtin.of(this.gtin.strip()), this.nameVi, this.nameEn, this.variety,
					Boolean.TRUE.equals(this.usesSerials));
		}

	}

	/** A product as answered. */
	record ProductResponse(UUID id, String gtin, String nameVi, String nameEn, String variety, boolean usesSerials,
			Instant createdAt, Instant updatedAt) {

		static ProductResponse of(Product p) {
			return new ProductResponse(p.id(), p.gtin().value(), p.nameVi(), p.nameEn(), p.variety(), p.usesSerials(),
					p.createdAt(), p.updatedAt());
		}

	}

	@PostMapping
	@Operation(summary = "Register a product", description = "Administrators only. A GTIN belongs to one product; "
			+ "idempotent with a client-generated `id` and/or an `Idempotency-Key` header.")
	Mono<ResponseEntity<ProductResponse>> create(@RequestBody ProductRequest body,
			@Parameter(description = "Client-chosen key making retries safe") @RequestHeader(name = Callers.IDEMPOTENCY_KEY,
					required = false) String key) {
		ProductDraft draft = body.draft();
		return Callers.admin()
			.flatMap(a -> this.products.create(a.orgId(), draft, Callers.idempotency(key, body.id())))
			.map(c -> ResponseEntity.created(URI.create("/api/products/" + c.product().id()))
				.body(ProductResponse.of(c.product())));
	}

	@GetMapping
	@Operation(summary = "List the products of the caller's organisation")
	Flux<ProductResponse> list() {
		return Callers.actor().flatMapMany(a -> this.products.list(a.orgId())).map(ProductResponse::of);
	}

	@GetMapping("/{id}")
	@Operation(summary = "Read one product", description = "Products of other organisations answer 404.")
	Mono<ProductResponse> get(@PathVariable UUID id) {
		return Callers.actor().flatMap(a -> this.products.get(a.orgId(), id)).map(ProductResponse::of);
	}

	@PutMapping("/{id}")
	@Operation(summary = "Replace what is said about a product",
			description = "Administrators only. The GTIN may change only while no batch uses it.")
	Mono<ProductResponse> update(@PathVariable UUID id, @RequestBody ProductRequest body) {
		ProductDraft draft = body.draft();
		return Callers.admin().flatMap(a -> this.products.update(a.orgId(), id, draft)).map(ProductResponse::of);
	}

}
