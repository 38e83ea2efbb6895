package vn.nguon.traceability.consumer;

import java.time.LocalDate;

import vn.nguon.traceability.organisation.PublicProfile;

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
 * @param profile the owning organisation's public profile ({@link PublicProfile#empty()} when it has none)
 */
public record LotMaster(String productName, String productNameEn, String variety, java.util.UUID ownerOrg,
		String cooperative, String commune, String district, String province, double[] coordinates,
		LocalDate harvestDate, boolean batchExists, PublicProfile profile) {

	public LotMaster {
		profile = profile == null ? PublicProfile.empty() : profile;
	}

	/** @return the name consumers see: the profile's display name, else the registered one */
	public String producerName() {
		return this.profile.displayName() != null ? this.profile.displayName() : this.cooperative;
	}

}
