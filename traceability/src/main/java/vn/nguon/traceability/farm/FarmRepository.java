package vn.nguon.traceability.farm;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import vn.nguon.traceability.organisation.OrgId;

/** Stores farms; every read is scoped by organisation. */
@Repository
public class FarmRepository {

	static final String COLUMNS = "id, org_id, name, gln, commune, district, province, location, created_at, updated_at";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DatabaseClient db;

	public FarmRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Inserts a farm with the given id.
	 * @return the stored farm
	 */
	public Mono<Farm> insert(UUID id, OrgId org, FarmDraft d) {
		return bindDraft(this.db.sql("INSERT INTO farm (id, org_id, name, gln, commune, district, province, location) "
				+ "VALUES (:id, :org, :name, :gln, :commune, :district, :province, :location) RETURNING " + COLUMNS), d)
			.bind("id", id)
			.bind("org", org.value())
			.map(FarmRepository::map)
			.one();
	}

	/** @return the changed farm, or empty when the farm is not one of the organisation's */
	public Mono<Farm> update(UUID id, OrgId org, FarmDraft d) {
		return bindDraft(this.db.sql("UPDATE farm SET name = :name, gln = :gln, commune = :commune, district = :district, "
				+ "province = :province, location = :location, updated_at = now() WHERE id = :id AND org_id = :org RETURNING "
				+ COLUMNS), d)
			.bind("id", id)
			.bind("org", org.value())
			.map(FarmRepository::map)
			.one();
	}

	public Mono<Farm> findById(OrgId org, UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM farm WHERE id = :id AND org_id = :org")
			.bind("id", id)
			.bind("org", org.value())
			.map(FarmRepository::map)
			.one();
	}

	/** @return the farms among {@code ids} that belong to the organisation */
	public Flux<Farm> findByIds(OrgId org, Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql("SELECT " + COLUMNS + " FROM farm WHERE org_id = :org AND id = ANY(:ids)")
			.bind("org", org.value())
			.bind("ids", ids.toArray(UUID[]::new))
			.map(FarmRepository::map)
			.all();
	}

	public Flux<Farm> findAll(OrgId org) {
		return this.db.sql("SELECT " + COLUMNS + " FROM farm WHERE org_id = :org ORDER BY name, id")
			.bind("org", org.value())
			.map(FarmRepository::map)
			.all();
	}

	public Mono<Long> count(OrgId org) {
		return this.db.sql("SELECT count(*) AS n FROM farm WHERE org_id = :org")
			.bind("org", org.value())
			.map(r -> r.get("n", Long.class))
			.one();
	}

	private static DatabaseClient.GenericExecuteSpec bindDraft(DatabaseClient.GenericExecuteSpec spec, FarmDraft d) {
		spec = spec.bind("name", d.name());
		spec = bindNullable(spec, "gln", d.gln() == null ? null : d.gln().value(), String.class);
		spec = bindNullable(spec, "commune", d.commune(), String.class);
		spec = bindNullable(spec, "district", d.district(), String.class);
		spec = bindNullable(spec, "province", d.province(), String.class);
		return bindNullable(spec, "location", d.location() == null ? null : Json.of(d.location().geoJson().toString()),
				Json.class);
	}

	static <T> DatabaseClient.GenericExecuteSpec bindNullable(DatabaseClient.GenericExecuteSpec spec, String name,
			T value, Class<T> type) {
		return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
	}

	static Farm map(Readable row) {
		Json location = row.get("location", Json.class);
		String gln = row.get("gln", String.class);
		return new Farm(row.get("id", UUID.class), OrgId.of(row.get("org_id", UUID.class)), row.get("name", String.class),
				gln == null ? null : new Gln(gln.trim()), row.get("commune", String.class),
				row.get("district", String.class), row.get("province", String.class),
				location == null ? null : new GeoLocation((ObjectNode) JSON.readTree(location.asString())),
				instant(row.get("created_at", OffsetDateTime.class)), instant(row.get("updated_at", OffsetDateTime.class)));
	}

	static Instant instant(OffsetDateTime t) {
		return t == null ? null : t.toInstant();
	}

}
