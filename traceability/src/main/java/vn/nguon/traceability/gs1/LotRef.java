package vn.nguon.traceability.gs1;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import vn.nguon.traceability.TraceabilityException;

/**
 * One lot: a GTIN and a lot code. The GS1 key path is the identity, whatever the domain of a
 * Digital Link URI or the URN form used.
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

	/** @return the Digital Link path {@code /01/{gtin14}/10/{percent-encoded lot}} */
	public String digitalLinkPath() {
		return "/01/" + this.gtin.value() + "/10/"
				+ URLEncoder.encode(this.lot.value(), StandardCharsets.UTF_8).replace("+", "%20");
	}

	@Override
	public String toString() {
		return key();
	}

}
