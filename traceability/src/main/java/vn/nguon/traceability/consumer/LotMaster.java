package vn.nguon.traceability.consumer;

import java.time.LocalDate;

/**
 * Master data of a lot or product, as far as the public may see it.
 *
 * @param productName product name (Vietnamese)
 * @param productNameEn product name (English), may be {@code null}
 * @param variety variety, may be {@code null}
 * @param ownerOrg owning organisation id (for scans and labels), may be {@code null}
 * @param cooperative organisation name, may be {@code null}
 * @param commune farm commune
 * @param district farm district
 * @param province farm province
 * @param coordinates farm point (lat, lon) when public, else {@code null}
 * @param harvestDate harvest date from the batch row, may be {@code null}
 * @param batchExists whether a batch row exists (not only a product)
 */
public record LotMaster(String productName, String productNameEn, String variety, java.util.UUID ownerOrg,
		String cooperative, String commune, String district, String province, double[] coordinates,
		LocalDate harvestDate, boolean batchExists) {
}
