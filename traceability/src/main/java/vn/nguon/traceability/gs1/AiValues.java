package vn.nguon.traceability.gs1;

import vn.nguon.traceability.gs1.AiTable.AiEntry;

/**
 * Checks an AI's value against its format in the GS1 syntax dictionary: each component's length and
 * character set (N, 82, 39, 64) and its linters (check digit, dates, times, flags).
 */
final class AiValues {

	private static final String CSET_39 = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

	private static final String CSET_64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=";

	private AiValues() {
	}

	/** Checks a value against the AI's format, component by component, and the components' linters. */
	static void check(AiEntry entry, String value) {
		int pos = 0;
		for (AiTable.Component component : entry.components()) {
			if (pos >= value.length()) {
				if (component.optional()) {
					break;
				}
				throw DigitalLink.invalid("The value of AI (" + entry.ai() + ") is too short: '" + value + "'");
			}
			int take = (component.min() == component.max()) ? component.max()
					: Math.min(component.max(), value.length() - pos);
			if (pos + take > value.length()) {
				throw DigitalLink.invalid("The value of AI (" + entry.ai() + ") is too short: '" + value + "'");
			}
			String part = value.substring(pos, pos + take);
			checkCharacters(entry, component.type(), part, value);
			for (String linter : component.linters()) {
				lint(entry, linter, part, value);
			}
			pos += take;
		}
		if (pos < value.length()) {
			throw DigitalLink.invalid("The value of AI (" + entry.ai() + ") is too long: '" + value + "'");
		}
	}

	private static void checkCharacters(AiEntry entry, char type, String part, String value) {
		String allowed = switch (type) {
			case 'N' -> "0123456789";
			case 'X' -> LotCode.CSET_82;
			case 'Y' -> CSET_39;
			default -> CSET_64;
		};
		for (int i = 0; i < part.length(); i++) {
			if (allowed.indexOf(part.charAt(i)) < 0) {
				throw DigitalLink.invalid("The value of AI (" + entry.ai() + ") contains '" + part.charAt(i)
						+ "', which its format does not allow: '" + value + "'");
			}
		}
	}

	private static void lint(AiEntry entry, String linter, String part, String value) {
		boolean ok = switch (linter) {
			case "csum" -> checkDigitError(part) == null;
			case "yymmd0" -> date(part, true);
			case "yymmdd" -> date(part, false);
			case "yyyymmd0" -> part.length() == 8 && date(part.substring(2), true);
			case "yyyymmdd" -> part.length() == 8 && date(part.substring(2), false);
			case "hhmi" -> part.length() == 4 && Integer.parseInt(part.substring(0, 2)) < 24
					&& Integer.parseInt(part.substring(2)) < 60;
			case "hh" -> Integer.parseInt(part) < 24;
			case "mi", "ss" -> Integer.parseInt(part) < 60;
			case "zero" -> part.equals("0");
			case "nonzero" -> !part.chars().allMatch(c -> c == '0');
			case "yesno" -> part.equals("0") || part.equals("1");
			case "hyphen" -> part.equals("-");
			case "nozeroprefix" -> part.equals("0") || !part.startsWith("0");
			// Other linters (company prefix positions, ISO code lists, IBAN ...) are not checked here.
			default -> true;
		};
		if (!ok) {
			throw DigitalLink.invalid("The value of AI (" + entry.ai() + ") fails the " + linter + " check: '" + value + "'");
		}
	}

	private static boolean date(String yymmdd, boolean dayZeroAllowed) {
		int month = Integer.parseInt(yymmdd.substring(2, 4));
		int day = Integer.parseInt(yymmdd.substring(4, 6));
		if (month < 1 || month > 12) {
			return false;
		}
		if (day == 0) {
			return dayZeroAllowed;
		}
		int year = 2000 + Integer.parseInt(yymmdd.substring(0, 2));
		return day <= java.time.YearMonth.of(year, month).lengthOfMonth();
	}

	/**
	 * Checks a GS1 key's mod-10 check digit (GTIN-8/12/13/14, GLN, SSCC...).
	 * @param digits the key including its check digit
	 * @return {@code null} when valid, else one of {@code too-short}, {@code non-digit}, {@code incorrect-check-digit}
	 */
	static String checkDigitError(String digits) {
		if (digits == null || digits.isEmpty()) {
			return "too-short";
		}
		for (int i = 0; i < digits.length(); i++) {
			if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
				return "non-digit";
			}
		}
		int expected = Gtin.checkDigit(digits.substring(0, digits.length() - 1));
		return (expected == digits.charAt(digits.length() - 1) - '0') ? null : "incorrect-check-digit";
	}

}
