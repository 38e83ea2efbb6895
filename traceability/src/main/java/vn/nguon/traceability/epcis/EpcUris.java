package vn.nguon.traceability.epcis;

import vn.nguon.traceability.gs1.Gtin;

/**
 * EPC URNs of the GS1 keys that {@link Identifiers} does not index (GRAI, GIAI, GSRN, GSRNP, GDTI,
 * SGCN, CPI, GINC, GSIN, ITIP, UPUI) as the path of their canonical GS1 Digital Link URI, following
 * the EPC Tag Data Standard 2.0's mapping; the CBV 2.0 event hash (section 8.9) hashes every EPC as
 * its Digital Link URI. The company prefix and the reference together have the key's fixed length
 * before the check digit; a URN that does not fit is left to {@link Identifiers}.
 */
final class EpcUris {

	private EpcUris() {
	}

	/**
	 * @param urn an EPC URN ({@code urn:epc:id:giai:4000001.111})
	 * @return the Digital Link path ({@code 8004/4000001111}), or null when this class does not convert it
	 */
	static String digitalLinkPath(String urn) {
		int colon = urn.indexOf(':', "urn:epc:id:".length());
		if (colon < 0) {
			return null;
		}
		String scheme = urn.substring("urn:epc:id:".length(), colon);
		String[] p = urn.substring(colon + 1).split("\\.", -1);
		return switch (scheme) {
			case "grai" -> p.length == 3 ? checked("8003/0", p[0] + p[1], 12, p[2]) : null;
			case "giai" -> p.length == 2 && digits(p[0]) ? "8004/" + p[0] + p[1] : null;
			case "gsrn" -> p.length == 2 ? checked("8018/", p[0] + p[1], 17, "") : null;
			case "gsrnp" -> p.length == 2 ? checked("8017/", p[0] + p[1], 17, "") : null;
			case "gdti" -> p.length == 3 ? checked("253/", p[0] + p[1], 12, p[2]) : null;
			case "sgcn" -> p.length == 3 ? checked("255/", p[0] + p[1], 12, p[2]) : null;
			case "gsin" -> p.length == 2 ? checked("402/", p[0] + p[1], 16, "") : null;
			case "ginc" -> p.length == 2 && digits(p[0]) ? "401/" + p[0] + p[1] : null;
			case "cpi" -> p.length == 3 && digits(p[0]) ? "8010/" + p[0] + p[1] + "/8011/" + p[2] : null;
			case "itip" -> p.length == 5 && !p[1].isEmpty()
					? gtin(p[0], p[1]) == null ? null : "8006/" + gtin(p[0], p[1]) + p[2] + p[3] + "/21/" + p[4] : null;
			case "upui" -> p.length == 3 && gtin(p[0], p[1]) != null ? "01/" + gtin(p[0], p[1]) + "/235/" + p[2] : null;
			default -> null;
		};
	}

	/** prefix + digits + check digit + suffix, when digits has the key's length. */
	private static String checked(String prefix, String digits, int length, String suffix) {
		if (digits.length() != length || !digits(digits)) {
			return null;
		}
		return prefix + digits + Gtin.checkDigit(prefix.endsWith("/0") ? "0" + digits : digits) + suffix;
	}

	/** The GTIN-14 of a company prefix and an indicator digit plus item reference. */
	private static String gtin(String companyPrefix, String indicatorAndItemRef) {
		if (indicatorAndItemRef.isEmpty()) {
			return null;
		}
		String digits = indicatorAndItemRef.charAt(0) + companyPrefix + indicatorAndItemRef.substring(1);
		return digits.length() == 13 && digits(digits) ? digits + Gtin.checkDigit(digits) : null;
	}

	private static boolean digits(String s) {
		if (s.isEmpty()) {
			return false;
		}
		for (int i = 0; i < s.length(); i++) {
			if (s.charAt(i) < '0' || s.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

}
