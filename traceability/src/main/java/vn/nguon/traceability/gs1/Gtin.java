package vn.nguon.traceability.gs1;

import vn.nguon.traceability.TraceabilityException;

/**
 * A Global Trade Item Number, always held as 14 digits (GTIN-8, -12 and -13 are left-padded with
 * zeros, as GS1 Digital Link and EPCIS do). The check digit is validated.
 *
 * @param value the 14 digits
 */
public record Gtin(String value) {

	public Gtin {
		if (value == null || !value.matches("[0-9]{14}")) {
			throw TraceabilityException.invalid("invalid-gtin",
					"A GTIN has 8, 12, 13 or 14 digits (written here as 14): '" + value + "'", value);
		}
		if (checkDigit(value.substring(0, 13)) != value.charAt(13) - '0') {
			throw TraceabilityException.invalid("invalid-gtin",
					"The GTIN check digit is wrong: '" + value + "' should end in " + checkDigit(value.substring(0, 13)),
					value);
		}
	}

	/**
	 * Parses a GTIN-8, -12, -13 or -14 and pads it to 14 digits.
	 * @param digits the digits
	 * @return the GTIN
	 */
	public static Gtin of(String digits) {
		if (digits != null && digits.matches("[0-9]{8}|[0-9]{12,14}")) {
			return new Gtin("0".repeat(14 - digits.length()) + digits);
		}
		return new Gtin(digits);
	}

	/**
	 * Computes the GS1 mod-10 check digit of a digit string (any length).
	 * @param digitsWithoutCheck the digits before the check digit
	 * @return the check digit, 0 to 9
	 */
	public static int checkDigit(String digitsWithoutCheck) {
		int sum = 0;
		int n = digitsWithoutCheck.length();
		for (int i = 0; i < n; i++) {
			int d = digitsWithoutCheck.charAt(n - 1 - i) - '0';
			if (d < 0 || d > 9) {
				throw new IllegalArgumentException("not a digit string: " + digitsWithoutCheck);
			}
			sum += (i % 2 == 0) ? d * 3 : d;
		}
		return (10 - sum % 10) % 10;
	}

	/**
	 * Completes 13 digits with their check digit.
	 * @param thirteenDigits indicator digit, company prefix and item reference
	 * @return the GTIN
	 */
	public static Gtin withCheckDigit(String thirteenDigits) {
		return new Gtin(thirteenDigits + checkDigit(thirteenDigits));
	}

	@Override
	public String toString() {
		return this.value;
	}

}
