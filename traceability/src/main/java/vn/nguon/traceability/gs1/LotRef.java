package vn.nguon.traceability.gs1;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

import vn.nguon.traceability.TraceabilityException;

/**
 * The identity of a lot: GTIN plus lot code. The GS1 key path is the identity, not the domain:
 * {@code https://id.gs1.org/01/X/10/Y}, {@code https://any.host/01/X/10/Y} and
 * {@code urn:epc:class:lgtin:<prefix>.<itemref>.<lot>} name the same lot.
 *
 * @param gtin the product
 * @param lot the lot code
 */
public record LotRef(Gtin gtin, LotCode lot) {

	public LotRef {
		Objects.requireNonNull(gtin, "gtin");
		Objects.requireNonNull(lot, "lot");
	}

	public static LotRef of(Gtin gtin, LotCode lot) {
		return new LotRef(gtin, lot);
	}

	public static LotRef of(String gtin, String lot) {
		return new LotRef(Gtin.of(gtin), new LotCode(lot));
	}

	/**
	 * Parses a canonical key {@code 01/{gtin14}/10/{lot}}.
	 * @param key the key
	 * @return the lot
	 */
	public static LotRef parseKey(String key) {
		if (key == null || !key.startsWith("01/") || key.length() < 21 || !key.startsWith("/10/", 17)) {
			throw TraceabilityException.invalid("invalid-lot-key", "Not a lot key 01/{gtin}/10/{lot}: '" + key + "'",
					key);
		}
		return new LotRef(new Gtin(key.substring(3, 17)), new LotCode(key.substring(21)));
	}

	/** @return the canonical key {@code 01/{gtin14}/10/{lot}} (lot not encoded) */
	public String key() {
		return "01/" + this.gtin.value() + "/10/" + this.lot.value();
	}

	/** @return {@code /01/{gtin14}/10/{percent-encoded lot}} */
	public String digitalLinkPath() {
		return "/01/" + this.gtin.value() + "/10/" + DigitalLink.escape(this.lot.value(), false);
	}

	/**
	 * @param stem scheme and host, e.g. {@code https://nguon.example}
	 * @return the lot's Digital Link URI under that stem
	 */
	public String digitalLinkUri(String stem) {
		return (stem.endsWith("/") ? stem.substring(0, stem.length() - 1) : stem) + digitalLinkPath();
	}

	/** @return the EPC class URN {@code urn:epc:class:lgtin:...}, given the company prefix length */
	public String lgtinUrn(int companyPrefixLength) {
		String g = this.gtin.value();
		if (companyPrefixLength < 6 || companyPrefixLength > 12) {
			throw new IllegalArgumentException("company prefix length 6..12: " + companyPrefixLength);
		}
		return "urn:epc:class:lgtin:" + g.substring(1, 1 + companyPrefixLength) + "." + g.charAt(0)
				+ g.substring(1 + companyPrefixLength, 13) + "." + urnEscape(this.lot.value());
	}

	/**
	 * Reads a lot from any of its names: a Digital Link URI on any host with {@code /01/…/10/…}
	 * (a serial or data attributes may follow), an {@code urn:epc:class:lgtin:} URN, or the key
	 * {@code 01/{gtin}/10/{lot}}.
	 * @param name the name
	 * @return the lot, or empty when the name does not name a lot (a product-level GTIN, an SSCC ...)
	 */
	public static Optional<LotRef> fromName(String name) {
		if (name == null) {
			return Optional.empty();
		}
		try {
			if (name.startsWith("urn:epc:class:lgtin:")) {
				String[] parts = name.substring(20).split("\\.", 3);
				if (parts.length != 3 || parts[1].isEmpty()) {
					return Optional.empty();
				}
				String digits = parts[1].charAt(0) + parts[0] + parts[1].substring(1);
				if (digits.length() != 13) {
					return Optional.empty();
				}
				return Optional.of(new LotRef(Gtin.withCheckDigit(digits), new LotCode(urnUnescape(parts[2]))));
			}
			if (name.startsWith("01/")) {
				String[] parts = name.split("/", 4);
				if (parts.length == 4 && parts[2].equals("10")) {
					return Optional.of(new LotRef(new Gtin(parts[1]), new LotCode(parts[3])));
				}
				return Optional.empty();
			}
			if (name.regionMatches(true, 0, "http", 0, 4)) {
				return DigitalLink.parse(name).lotRef();
			}
		}
		catch (TraceabilityException | IllegalArgumentException ex) {
			return Optional.empty();
		}
		return Optional.empty();
	}

	/**
	 * Reads a lot and fails when the name is not one.
	 * @param name a Digital Link URI, lgtin URN or key
	 * @return the lot
	 */
	public static LotRef parse(String name) {
		return fromName(name).orElseThrow(() -> TraceabilityException.invalid("invalid-lot-ref",
				"Not the name of a lot (Digital Link /01/…/10/…, urn:epc:class:lgtin:… or 01/…/10/…): " + name,
				name));
	}

	/** EPC URNs escape ", %, &, /, <, >, ? and # (TDS 1.13 table A-1). */
	private static String urnEscape(String value) {
		StringBuilder sb = new StringBuilder();
		for (char c : value.toCharArray()) {
			if ("\"%&/<>?#".indexOf(c) >= 0) {
				sb.append('%').append(String.format("%02X", (int) c));
			}
			else {
				sb.append(c);
			}
		}
		return sb.toString();
	}

	private static String urnUnescape(String value) {
		if (value.indexOf('%') < 0) {
			return value;
		}
		return java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return key();
	}

}
