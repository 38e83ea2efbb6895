package vn.nguon.traceability.farm;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.gs1.Gtin;

/**
 * A Global Location Number (GS1 AI 414): 13 digits, the last a mod-10 check digit.
 *
 * @param value the 13 digits
 */
public record Gln(String value) {

	public Gln {
		if (value == null || !value.matches("[0-9]{13}")
				|| Gtin.checkDigit(value.substring(0, 12)) != value.charAt(12) - '0') {
			throw TraceabilityException.invalid("invalid-gln",
					"A GLN has 13 digits and a valid check digit: '" + value + "'", value);
		}
	}

	/** @return {@code null} for a blank value, else the validated GLN */
	public static Gln ofNullable(String value) {
		return (value == null || value.isBlank()) ? null : new Gln(value.trim());
	}

	/** @return the GS1 Digital Link URI of this location, as used in EPCIS readPoint / bizLocation */
	public String uri() {
		return "https://id.gs1.org/414/" + this.value;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
