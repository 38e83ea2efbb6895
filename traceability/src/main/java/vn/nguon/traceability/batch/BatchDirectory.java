package vn.nguon.traceability.batch;

import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;
import vn.nguon.traceability.organisation.OrgId;

/**
 * Read-only look-up of a batch with its product names, scoped by organisation (a batch of another
 * organisation is not found). Used by api to check a batch before grading touches it; the full batch
 * repository may replace it.
 */
@Repository
public class BatchDirectory {

	/**
	 * A batch as other features need to see it.
	 *
	 * @param id batch id
	 * @param orgId owning organisation
	 * @param gtin product GTIN
	 * @param lot lot code
	 * @param productNameVi product name in Vietnamese
	 * @param productNameEn product name in English, may be {@code null}
	 * @param status {@code active} or {@code recalled}
	 * @param farmId the farm it comes from, may be {@code null}
	 */
	public record BatchSummary(UUID id, OrgId orgId, Gtin gtin, LotCode lot, String productNameVi,
			String productNameEn, String status, UUID farmId) {
	}

	private final DatabaseClient db;

	public BatchDirectory(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * @param org the caller's organisation
	 * @param batchId a batch id
	 * @return the batch, or empty when it does not exist in that organisation
	 */
	public Mono<BatchSummary> find(OrgId org, UUID batchId) {
		return this.db.sql("""
				SELECT b.id, b.org_id, b.gtin, b.lot, b.status, b.farm_id, p.name_vi, p.name_en
				FROM batch b JOIN product p ON p.id = b.product_id
				WHERE b.id = :id AND b.org_id = :org""")
			.bind("id", batchId)
			.bind("org", org.value())
			.map(r -> new BatchSummary(r.get("id", UUID.class), OrgId.of(r.get("org_id", UUID.class)),
					Gtin.of(r.get("gtin", String.class).trim()), LotCode.of(r.get("lot", String.class)),
					r.get("name_vi", String.class), r.get("name_en", String.class), r.get("status", String.class),
					r.get("farm_id", UUID.class)))
			.one();
	}

}
