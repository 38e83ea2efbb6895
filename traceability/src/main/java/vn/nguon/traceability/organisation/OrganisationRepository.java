package vn.nguon.traceability.organisation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import vn.nguon.traceability.TraceabilityException;

/** Reads and creates organisations, their party GLNs, and disables them. */
@Repository
public class OrganisationRepository {

	private static final String COLUMNS = """
			id, slug, name, gs1_company_prefix, sharing_policy, public_coordinates, created_at, disabled_at,
			(SELECT COALESCE(array_agg(p.gln ORDER BY p.created_at, p.gln), '{}') FROM organisation_party p
			  WHERE p.org_id = organisation.id) AS glns""";

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
		return this.db.sql("SELECT " + COLUMNS + " FROM organisation ORDER BY name, id").map(OrganisationRepository::map).all();
	}

	/**
	 * Records a party GLN of the organisation.
	 * @throws TraceabilityException {@code gln-taken} (conflict) when another organisation has it
	 */
	public Mono<Void> addParty(OrgId id, String gln) {
		return this.db.sql("""
				INSERT INTO organisation_party (gln, org_id) VALUES (:gln, :org)
				ON CONFLICT (gln) DO UPDATE SET gln = EXCLUDED.gln WHERE organisation_party.org_id = EXCLUDED.org_id
				""")
			.bind("gln", gln)
			.bind("org", id.value())
			.fetch()
			.rowsUpdated()
			.flatMap(n -> n == 1 ? Mono.<Void>empty()
					: Mono.error(TraceabilityException.conflict("gln-taken",
							"Another organisation is known by this GLN.", gln)));
	}

	/**
	 * Disables (its members' sessions and tokens stop working on their next request) or enables
	 * the organisation.
	 * @return the changed organisation, or empty when unknown
	 */
	public Mono<Organisation> setDisabled(OrgId id, boolean disabled) {
		return this.db.sql("UPDATE organisation SET disabled_at = CASE WHEN :disabled THEN COALESCE(disabled_at, now()) END"
				+ " WHERE id = :id RETURNING " + COLUMNS)
			.bind("disabled", disabled)
			.bind("id", id.value())
			.map(OrganisationRepository::map)
			.one();
	}

	static Organisation map(Readable row) {
		OffsetDateTime created = row.get("created_at", OffsetDateTime.class);
		Instant createdAt = created == null ? null : created.toInstant();
		OffsetDateTime disabled = row.get("disabled_at", OffsetDateTime.class);
		String[] glns = row.get("glns", String[].class);
		return new Organisation(OrgId.of(row.get("id", UUID.class)), row.get("slug", String.class),
				row.get("name", String.class), row.get("gs1_company_prefix", String.class),
				row.get("sharing_policy", String.class), Boolean.TRUE.equals(row.get("public_coordinates", Boolean.class)),
				createdAt, glns == null ? List.of() : List.of(glns), disabled == null ? null : disabled.toInstant());
	}

}
