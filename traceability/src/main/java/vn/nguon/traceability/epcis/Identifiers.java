package vn.nguon.traceability.epcis;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;

/**
 * Canonical keys of GS1 identifiers, so that a GS1 Digital Link URI on any domain and the EPC URN
 * of the same thing index alike: lots {@code 01/{gtin14}/10/{lot}}, serialised items
 * {@code 01/{gtin14}/21/{serial}}, trade items {@code 01/{gtin14}}, logistic units
 * {@code 00/{sscc}}, locations {@code 414/{gln}[/254/{ext}]}, parties {@code 417/{gln}}.
 * Identifiers of other schemes are kept as sent. GTIN check digits and the character set 82 of
 * lots and serials are validated; a broken GS1 identifier fails with an {@link EpcisException}.
 */
public final class Identifiers {

	private static final Set<String> PRIMARY_AIS = Set.of("01", "00", "414", "417", "8003", "8004", "253", "255",
			"8006", "8010", "8017", "8018", "401", "402");

	private Identifiers() {
	}

	/**
	 * @param id an EPC, EPC class or location/party identifier as written in an event
	 * @return its canonical key
	 */
	public static String canonical(String id) {
		if (id == null) {
			return null;
		}
		String s = id.trim();
		if (s.startsWith("urn:epc:id:sgtin:")) {
			String[] p = parts(s, "urn:epc:id:sgtin:", 3);
			return "01/" + gtin(p[0], p[1], s) + "/21/" + attribute(p[2], "serial", s);
		}
		if (s.startsWith("urn:epc:class:lgtin:")) {
			String[] p = parts(s, "urn:epc:class:lgtin:", 3);
			return "01/" + gtin(p[0], p[1], s) + "/10/" + attribute(p[2], "lot", s);
		}
		if (s.startsWith("urn:epc:idpat:sgtin:")) {
			String[] p = parts(s, "urn:epc:idpat:sgtin:", 3);
			if ("*".equals(p[1])) {
				return s;
			}
			return "01/" + gtin(p[0], p[1], s) + ("*".equals(p[2]) ? "" : "/21/" + attribute(p[2], "serial", s));
		}
		if (s.startsWith("urn:epc:id:sscc:")) {
			String[] p = parts(s, "urn:epc:id:sscc:", 2);
			String digits = p[1].isEmpty() ? "" : p[1].substring(0, 1) + p[0] + p[1].substring(1);
			if (!digits(digits, 17)) {
				throw invalidId(s, "an SSCC has 17 digits before its check digit");
			}
			return "00/" + digits + Gtin.checkDigit(digits);
		}
		if (s.startsWith("urn:epc:id:sgln:")) {
			String[] p = parts(s, "urn:epc:id:sgln:", 3);
			String gln = glnOf(p[0], p[1], s);
			return "414/" + gln + ("0".equals(p[2]) || p[2].isEmpty() ? "" : "/254/" + decode(p[2], s));
		}
		if (s.startsWith("urn:epc:id:pgln:")) {
			String[] p = parts(s, "urn:epc:id:pgln:", 2);
			return "417/" + glnOf(p[0], p[1], s);
		}
		if (s.startsWith("http://") || s.startsWith("https://")) {
			return digitalLink(s);
		}
		return s;
	}

	/**
	 * @param key a canonical key
	 * @return whether it names a lot ({@code 01/{gtin}/10/{lot}})
	 */
	public static boolean isLotKey(String key) {
		return key != null && key.startsWith("01/") && key.length() > 21 && key.startsWith("/10/", 17);
	}

	private static String digitalLink(String uri) {
		int schemeEnd = uri.indexOf("://") + 3;
		int pathStart = uri.indexOf('/', schemeEnd);
		if (pathStart < 0) {
			return uri;
		}
		int end = uri.length();
		int q = uri.indexOf('?', pathStart);
		int h = uri.indexOf('#', pathStart);
		if (q >= 0) {
			end = q;
		}
		if (h >= 0 && h < end) {
			end = h;
		}
		String[] seg = uri.substring(pathStart + 1, end).split("/", -1);
		for (int i = 0; i + 1 < seg.length; i++) {
			if (!PRIMARY_AIS.contains(seg[i]) || seg[i + 1].isEmpty() || !Character.isDigit(seg[i + 1].charAt(0))) {
				continue;
			}
			String ai = seg[i];
			String value = decode(seg[i + 1], uri);
			String lot = null;
			String serial = null;
			String ext = null;
			for (int j = i + 2; j + 1 < seg.length; j += 2) {
				String v = decode(seg[j + 1], uri);
				switch (seg[j]) {
					case "10" -> lot = v;
					case "21" -> serial = v;
					case "254" -> ext = v;
					case "22", "235" -> {
					}
					default -> throw invalidId(uri, "unknown qualifier /" + seg[j] + "/ in a GS1 Digital Link URI");
				}
			}
			switch (ai) {
				case "01" -> {
					String gtin = gtin14(value, uri);
					if (serial != null) {
						return "01/" + gtin + "/21/" + checked(serial, "serial", uri);
					}
					if (lot != null) {
						return "01/" + gtin + "/10/" + checked(lot, "lot", uri);
					}
					return "01/" + gtin;
				}
				case "00" -> {
					if (!digits(value, 18) || Gtin.checkDigit(value.substring(0, 17)) != value.charAt(17) - '0') {
						throw invalidId(uri, "an SSCC has 18 digits with a valid check digit");
					}
					return "00/" + value;
				}
				case "414", "417" -> {
					if (!digits(value, 13) || Gtin.checkDigit(value.substring(0, 12)) != value.charAt(12) - '0') {
						throw invalidId(uri, "a GLN has 13 digits with a valid check digit");
					}
					return ai + "/" + value + (ext != null && !"0".equals(ext) ? "/254/" + ext : "");
				}
				default -> {
					return ai + "/" + value + (serial != null ? "/21/" + serial : "");
				}
			}
		}
		return uri;
	}

	private static String gtin14(String digits, String uri) {
		if (!(digits(digits, 8) || digits(digits, 12) || digits(digits, 13) || digits(digits, 14))) {
			throw invalidId(uri, "a GTIN has 8, 12, 13 or 14 digits");
		}
		String g = "0".repeat(14 - digits.length()) + digits;
		if (Gtin.checkDigit(g.substring(0, 13)) != g.charAt(13) - '0') {
			throw new EpcisException(EpcisException.Type.ValidationException, TraceabilityException.Kind.INVALID,
					"epcis-invalid-gtin", "The GTIN check digit is wrong in '" + uri + "': it should end in "
							+ Gtin.checkDigit(g.substring(0, 13)),
					g);
		}
		return g;
	}

	private static String gtin(String companyPrefix, String indicatorAndItemRef, String id) {
		String digits = indicatorAndItemRef.isEmpty() ? ""
				: indicatorAndItemRef.substring(0, 1) + companyPrefix + indicatorAndItemRef.substring(1);
		if (!digits(digits, 13)) {
			throw invalidId(id, "company prefix and item reference have 13 digits together");
		}
		return digits + Gtin.checkDigit(digits);
	}

	private static String glnOf(String companyPrefix, String locationRef, String id) {
		String digits = companyPrefix + locationRef;
		if (!digits(digits, 12)) {
			throw invalidId(id, "company prefix and location reference have 12 digits together");
		}
		return digits + Gtin.checkDigit(digits);
	}

	private static String attribute(String raw, String what, String id) {
		return checked(decode(raw, id), what, id);
	}

	private static String checked(String value, String what, String id) {
		try {
			return LotCode.of(value).value();
		}
		catch (TraceabilityException ex) {
			throw new EpcisException(EpcisException.Type.ValidationException, TraceabilityException.Kind.INVALID,
					"epcis-invalid-lot", "The " + what + " in '" + id + "' must be 1 to 20 characters of GS1 character set 82: "
							+ ex.getMessage(),
					value);
		}
	}

	/** Whether s is exactly n ASCII digits (no regular expression on the capture hot path). */
	private static boolean digits(String s, int n) {
		if (s.length() != n) {
			return false;
		}
		for (int i = 0; i < n; i++) {
			char c = s.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static String[] parts(String s, String prefix, int n) {
		String[] p = s.substring(prefix.length()).split("\\.", n);
		if (p.length != n) {
			throw invalidId(s, "it needs " + n + " parts separated by dots");
		}
		return p;
	}

	static String decode(String s, String id) {
		if (s.indexOf('%') < 0) {
			return s;
		}
		byte[] out = new byte[s.length()];
		int n = 0;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '%') {
				if (i + 2 >= s.length()) {
					throw invalidId(id, "a % must be followed by two hexadecimal digits");
				}
				int hi = Character.digit(s.charAt(i + 1), 16);
				int lo = Character.digit(s.charAt(i + 2), 16);
				if (hi < 0 || lo < 0) {
					throw invalidId(id, "a % must be followed by two hexadecimal digits");
				}
				out[n++] = (byte) (hi * 16 + lo);
				i += 2;
			}
			else if (c < 0x80) {
				out[n++] = (byte) c;
			}
			else {
				byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
				if (n + b.length > out.length) {
					out = java.util.Arrays.copyOf(out, out.length * 2 + b.length);
				}
				System.arraycopy(b, 0, out, n, b.length);
				n += b.length;
			}
		}
		return new String(out, 0, n, StandardCharsets.UTF_8);
	}

	private static EpcisException invalidId(String id, String why) {
		return new EpcisException(EpcisException.Type.ValidationException, TraceabilityException.Kind.INVALID,
				"epcis-invalid-identifier", "The identifier '" + id + "' is not valid: " + why, id, why);
	}

}
