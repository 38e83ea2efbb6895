package vn.nguon.traceability.product;

import java.util.Objects;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.gs1.Gtin;

/**
 * What a caller says about a product.
 *
 * @param gtin the GTIN-14 (check digit validated by {@link Gtin})
 * @param nameVi Vietnamese name, 1 to 200 characters
 * @param nameEn English name, optional
 * @param variety variety (giống), e.g. "Xoài cát Hòa Lộc", optional
 * @param usesSerials whether units carry serial numbers (AI 21)
 */
public record ProductDraft(Gtin gtin, String nameVi, String nameEn, String variety, boolean usesSerials) {

	public ProductDraft {
		if (gtin == null) {
			throw TraceabilityException.invalid("invalid-gtin", "A product needs a GTIN", "");
		}
		nameVi = nameVi == null ? null : nameVi.strip();
		if (nameVi == null || nameVi.isEmpty() || nameVi.length() > 200) {
			throw TraceabilityException.invalid("invalid-product-name", "A product's Vietnamese name has 1 to 200 characters");
		}
		nameEn = optional(nameEn, "English name");
		variety = optional(variety, "variety");
		Objects.requireNonNull(gtin);
	}

	private static String optional(String value, String what) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String v = value.strip();
		if (v.length() > 200) {
			throw TraceabilityException.invalid("text-too-long", "The " + what + " has more than 200 characters", what);
		}
		return v;
	}

}
