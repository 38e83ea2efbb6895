package vn.nguon.traceability.product;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.organisation.OrgId;

/** Stores products; every read is scoped by organisation. */
@Repository
public class ProductRepository {

	static final String COLUMNS = "id, org_id, gtin, name_vi, name_en, variety, uses_serials, created_at, updated_at";

	private final DatabaseClient db;

	public ProductRepository(DatabaseClient db) {
		this.db = db;
	}

	public Mono<Product> insert(UUID id, OrgId org, ProductDraft d) {
		return bind(this.db.sql("INSERT INTO product (id, org_id, gtin, name_vi, name_en, variety, uses_serials) "
				+ "VALUES (:id, :org, :gtin, :nameVi, :nameEn, :variety, :serials) RETURNING " + COLUMNS), d)
			.bind("id", id)
			.bind("org", org.value())
			.map(ProductRepository::map)
			.one();
	}

	/** @return the changed product, or empty when it is not one of the organisation's */
	public Mono<Product> update(UUID id, OrgId org, ProductDraft d) {
		return bind(this.db.sql("UPDATE product SET gtin = :gtin, name_vi = :nameVi, name_en = :nameEn, variety = :variety, "
				+ "uses_serials = :serials, updated_at = now() WHERE id = :id AND org_id = :org RETURNING " + COLUMNS), d)
			.bind("id", id)
			.bind("org", org.value())
			.map(ProductRepository::map)
			.one();
	}

	public Mono<Product> findById(OrgId org, UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM product WHERE id = :id AND org_id = :org")
			.bind("id", id)
			.bind("org", org.value())
			.map(ProductRepository::map)
			.one();
	}

	/** @return the product with this GTIN in any organisation (GTINs are unique service-wide) */
	public Mono<Product> findByGtin(Gtin gtin) {
		return this.db.sql("SELECT " + COLUMNS + " FROM product WHERE gtin = :gtin")
			.bind("gtin", gtin.value())
			.map(ProductRepository::map)
			.one();
	}

	public Flux<Product> findByIds(OrgId org, Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql("SELECT " + COLUMNS + " FROM product WHERE org_id = :org AND id = ANY(:ids)")
			.bind("org", org.value())
			.bind("ids", ids.toArray(UUID[]::new))
			.map(ProductRepository::map)
			.all();
	}

	public Flux<Product> findAll(OrgId org) {
		return this.db.sql("SELECT " + COLUMNS + " FROM product WHERE org_id = :org ORDER BY name_vi, id")
			.bind("org", org.value())
			.map(ProductRepository::map)
			.all();
	}

	/** @return whether any batch uses the product */
	public Mono<Boolean> hasBatches(UUID productId) {
		return this.db.sql("SELECT EXISTS (SELECT 1 FROM batch WHERE product_id = :id) AS used")
			.bind("id", productId)
			.map(r -> Boolean.TRUE.equals(r.get("used", Boolean.class)))
			.one();
	}

	private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, ProductDraft d) {
		spec = spec.bind("gtin", d.gtin().value()).bind("nameVi", d.nameVi()).bind("serials", d.usesSerials());
		spec = d.nameEn() == null ? spec.bindNull("nameEn", String.class) : spec.bind("nameEn", d.nameEn());
		return d.variety() == null ? spec.bindNull("variety", String.class) : spec.bind("variety", d.variety());
	}

	static Product map(Readable row) {
		return new Product(row.get("id", UUID.class), OrgId.of(row.get("org_id", UUID.class)),
				new Gtin(row.get("gtin", String.class)), row.get("name_vi", String.class), row.get("name_en", String.class),
				row.get("variety", String.class), Boolean.TRUE.equals(row.get("uses_serials", Boolean.class)),
				instant(row.get("created_at", OffsetDateTime.class)), instant(row.get("updated_at", OffsetDateTime.class)));
	}

	private static Instant instant(OffsetDateTime t) {
		return t == null ? null : t.toInstant();
	}

}
