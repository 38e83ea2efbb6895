package vn.nguon.traceability.organisation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Reads and creates organisations. */
@Repository
public class OrganisationRepository {

	private static final String COLUMNS = "id, slug, name, gs1_company_prefix, sharing_policy, public_coordinates, created_at";

	private final DatabaseClient db;

	public OrganisationRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Inserts a new organisation.
	 * @param slug unique short name ({@code [a-z0-9-]}, 2 to 63 characters)
	 * @param name display name
	 * @return the stored organisation
	 */
	public Mono<Organisation> create(String slug, String name) {
		return this.db.sql("INSERT INTO organisation (id, slug, name) VALUES (:id, :slug, :name) RETURNING " + COLUMNS)
			.bind("id", UUID.randomUUID())
			.bind("slug", slug)
			.bind("name", name)
			.map(OrganisationRepository::map)
			.one();
	}

	public Mono<Organisation> findById(OrgId id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM organisation WHERE id = :id")
			.bind("id", id.value())
			.map(OrganisationRepository::map)
			.one();
	}

	public Mono<Organisation> findBySlug(String slug) {
		return this.db.sql("SELECT " + COLUMNS + " FROM organisation WHERE slug = :slug")
			.bind("slug", slug)
			.map(OrganisationRepository::map)
			.one();
	}

	/** @return the oldest organisation, the one the first administrator belongs to */
	public Mono<Organisation> findFirst() {
		return this.db.sql("SELECT " + COLUMNS + " FROM organisation ORDER BY created_at, id LIMIT 1")
			.map(OrganisationRepository::map)
			.one();
	}

	public Flux<Organisation> findAll() {
		return this.db.sql("SELECT " + COLUMNS + " FROM organisation ORDER BY name").map(OrganisationRepository::map).all();
	}

	static Organisation map(Readable row) {
		OffsetDateTime created = row.get("created_at", OffsetDateTime.class);
		Instant createdAt = created == null ? null : created.toInstant();
		return new Organisation(OrgId.of(row.get("id", UUID.class)), row.get("slug", String.class),
				row.get("name", String.class), row.get("gs1_company_prefix", String.class),
				row.get("sharing_policy", String.class), Boolean.TRUE.equals(row.get("public_coordinates", Boolean.class)),
				createdAt);
	}

}
