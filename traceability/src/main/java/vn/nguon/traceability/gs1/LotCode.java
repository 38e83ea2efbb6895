package vn.nguon.traceability.gs1;

import vn.nguon.traceability.TraceabilityException;

/**
 * A batch/lot number (GS1 AI 10): 1 to 20 characters of GS1 AI encodable character set 82.
 *
 * @param value the lot code, exactly as printed
 */
public record LotCode(String value) {

	/** GS1 AI encodable character set 82 (GS1 General Specifications, figure 7.11-1). */
	public static final String CSET_82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

	public LotCode {
		if (value == null || value.isEmpty() || value.length() > 20) {
			throw TraceabilityException.invalid("invalid-lot",
					"A lot code has 1 to 20 characters: '" + value + "'", value);
		}
		for (int i = 0; i < value.length(); i++) {
			if (CSET_82.indexOf(value.charAt(i)) < 0) {
				throw TraceabilityException.invalid("invalid-lot",
						"A lot code may only use GS1 character set 82 (letters A-Z a-z, digits and !\"%&'()*+,-./:;<=>?_); '"
								+ value.charAt(i) + "' is not allowed",
						value);
			}
		}
	}

	public static LotCode of(String value) {
		return new LotCode(value);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
