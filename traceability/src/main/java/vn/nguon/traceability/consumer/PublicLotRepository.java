package vn.nguon.traceability.consumer;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotRef;
import vn.nguon.traceability.organisation.PublicProfile;

/** Reads the public master data of a lot (batch, product, farm place, organisation). */
@Repository
public class PublicLotRepository {

	/** The owner's public profile, joined as {@code pr} on {@code o}. */
	private static final String PROFILE = "pr.display_name, pr.phone, pr.email, pr.website, pr.address, pr.about,"
			+ " pr.certifications, pr.logo_sha256";

	private static final String SELECT = "SELECT p.name_vi, p.name_en, p.variety, o.id AS org_id, o.name AS org_name,"
			+ " o.public_coordinates, f.commune, f.district, f.province, f.location::text AS location, b.harvest_date,"
			+ " (b.id IS NOT NULL) AS batch_exists, " + PROFILE;

	private static final TypeReference<List<PublicProfile.Certification>> CERTIFICATIONS = new TypeReference<>() {
	};

	private final DatabaseClient db;

	private final JsonMapper json;

	public PublicLotRepository(DatabaseClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * @param lot the lot
	 * @return its batch's master data, or the product's alone when there is no batch row; empty when neither is known
	 */
	public Mono<LotMaster> find(LotRef lot) {
		Mono<LotMaster> batch = this.db.sql(SELECT + " FROM batch b JOIN product p ON p.id = b.product_id"
				+ " JOIN organisation o ON o.id = b.org_id LEFT JOIN farm f ON f.id = b.farm_id"
				+ " LEFT JOIN organisation_profile pr ON pr.org_id = o.id"
				+ " WHERE b.gtin = :gtin AND b.lot = :lot")
			.bind("gtin", lot.gtin().value())
			.bind("lot", lot.lot().value())
			.map(this::map)
			.first();
		return batch.switchIfEmpty(Mono.defer(() -> findProduct(lot.gtin())));
	}

	/**
	 * @param gtin a product
	 * @return the product's master data (no farm, no harvest date), or empty
	 */
	public Mono<LotMaster> findProduct(Gtin gtin) {
		return this.db.sql("SELECT p.name_vi, p.name_en, p.variety, o.id AS org_id, o.name AS org_name,"
				+ " false AS public_coordinates, NULL::text AS commune, NULL::text AS district, NULL::text AS province,"
				+ " NULL::text AS location, NULL::date AS harvest_date, false AS batch_exists, " + PROFILE
				+ " FROM product p JOIN organisation o ON o.id = p.org_id"
				+ " LEFT JOIN organisation_profile pr ON pr.org_id = o.id WHERE p.gtin = :gtin")
			.bind("gtin", gtin.value())
			.map(this::map)
			.first();
	}

	/**
	 * @param org the organisation asking
	 * @param batchId one of its batches
	 * @return the batch's lot, or empty when the batch is not the organisation's
	 */
	public Mono<LotRef> lotOfBatch(vn.nguon.traceability.organisation.OrgId org, UUID batchId) {
		return this.db.sql("SELECT gtin, lot FROM batch WHERE id = :id AND org_id = :org")
			.bind("id", batchId)
			.bind("org", org.value())
			.map(r -> LotRef.of(r.get("gtin", String.class), r.get("lot", String.class)))
			.first();
	}

	/**
	 * @param org the organisation asking
	 * @param lot one of its lots
	 * @return the farm of the organisation's batch of that lot, or empty (no such batch, or a batch of no farm)
	 */
	public Mono<UUID> farmOfLot(vn.nguon.traceability.organisation.OrgId org, LotRef lot) {
		return this.db.sql("SELECT farm_id FROM batch WHERE org_id = :org AND gtin = :gtin AND lot = :lot AND farm_id IS NOT NULL")
			.bind("org", org.value())
			.bind("gtin", lot.gtin().value())
			.bind("lot", lot.lot().value())
			.map(r -> r.get("farm_id", UUID.class))
			.first();
	}

	private LotMaster map(Readable row) {
		double[] coordinates = null;
		if (Boolean.TRUE.equals(row.get("public_coordinates", Boolean.class))) {
			coordinates = point(row.get("location", String.class));
		}
		return new LotMaster(row.get("name_vi", String.class), row.get("name_en", String.class),
				row.get("variety", String.class), row.get("org_id", UUID.class), row.get("org_name", String.class),
				row.get("commune", String.class), row.get("district", String.class), row.get("province", String.class),
				coordinates, row.get("harvest_date", LocalDate.class),
				Boolean.TRUE.equals(row.get("batch_exists", Boolean.class)), profile(row));
	}

	private PublicProfile profile(Readable row) {
		Json c = row.get("certifications", Json.class);
		List<PublicProfile.Certification> certifications = c == null ? List.of()
				: this.json.readValue(c.asString(), CERTIFICATIONS);
		return new PublicProfile(row.get("display_name", String.class), row.get("phone", String.class),
				row.get("email", String.class), row.get("website", String.class), row.get("address", String.class),
				row.get("about", String.class), certifications, row.get("logo_sha256", String.class), null);
	}

	/** GeoJSON Point, or the mean of a Polygon's outer ring, as {lat, lon}. */
	private double[] point(String geoJson) {
		if (geoJson == null) {
			return null;
		}
		try {
			JsonNode g = this.json.readTree(geoJson);
			JsonNode c = g.path("coordinates");
			if ("Point".equals(g.path("type").asString(""))) {
				return new double[] { c.get(1).asDouble(), c.get(0).asDouble() };
			}
			if ("Polygon".equals(g.path("type").asString("")) && c.size() > 0) {
				JsonNode ring = c.get(0);
				double lat = 0;
				double lon = 0;
				for (JsonNode p : ring) {
					lon += p.get(0).asDouble();
					lat += p.get(1).asDouble();
				}
				return new double[] { lat / ring.size(), lon / ring.size() };
			}
		}
		catch (RuntimeException ex) {
			return null;
		}
		return null;
	}

}
