package vn.nguon.traceability.product;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.organisation.OrgId;

/**
 * A product as stored.
 *
 * @param id identity
 * @param orgId owning organisation
 * @param gtin GTIN-14, unique over the whole service
 * @param nameVi Vietnamese name
 * @param nameEn English name, or {@code null}
 * @param variety variety, or {@code null}
 * @param usesSerials whether units carry serial numbers
 * @param createdAt creation time
 * @param updatedAt last change
 */
public record Product(UUID id, OrgId orgId, Gtin gtin, String nameVi, String nameEn, String variety,
		boolean usesSerials, Instant createdAt, Instant updatedAt) {

	public Product {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(orgId, "orgId");
		Objects.requireNonNull(gtin, "gtin");
	}

	/** @return a one-line description, e.g. "Xoài cát Hòa Lộc (Mango)" */
	public String description() {
		StringBuilder sb = new StringBuilder(this.nameVi);
		if (this.nameEn != null) {
			sb.append(" (").append(this.nameEn).append(')');
		}
		return sb.toString();
	}

}
