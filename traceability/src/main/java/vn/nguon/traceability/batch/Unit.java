package vn.nguon.traceability.batch;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import vn.nguon.traceability.TraceabilityException;

/**
 * The units a batch quantity may be given in, with their UN/CEFACT Recommendation 20/21 codes
 * (the {@code uom} of EPCIS quantity elements).
 */
public enum Unit {

	/** Kilogram. */
	KG("kg", "KGM"),
	/** Tonne (1000 kg). */
	TONNE("t", "TNE"),
	/** Crate (sọt / két). */
	CRATE("crate", "XCR"),
	/** Box (thùng). */
	BOX("box", "XBX"),
	/** Piece (quả / trái), one unit. */
	PIECE("piece", "H87");

	private final String code;

	private final String uom;

	Unit(String code, String uom) {
		this.code = code;
		this.uom = uom;
	}

	/** @return the code used in the JSON API, e.g. {@code kg} */
	public String code() {
		return this.code;
	}

	/** @return the UN/CEFACT code used in EPCIS, e.g. {@code KGM} */
	public String uom() {
		return this.uom;
	}

	/**
	 * @param code an API code ({@code kg, t, crate, box, piece}) or UN/CEFACT code, any case
	 * @return the unit
	 * @throws TraceabilityException {@code invalid-unit} for anything else
	 */
	public static Unit parse(String code) {
		if (code != null) {
			String c = code.strip();
			for (Unit u : values()) {
				if (u.code.equalsIgnoreCase(c) || u.uom.equals(c.toUpperCase(Locale.ROOT))) {
					return u;
				}
			}
		}
		throw TraceabilityException.invalid("invalid-unit", "Unknown unit '" + code + "'; use one of " + codes(), code,
				codes());
	}

	/** @return the unit of an EPCIS uom, or {@code null} when it is not one of ours */
	public static Unit fromUom(String uom) {
		for (Unit u : values()) {
			if (u.uom.equals(uom)) {
				return u;
			}
		}
		return null;
	}

	/** @return the API codes, comma separated */
	public static String codes() {
		return Arrays.stream(values()).map(Unit::code).collect(Collectors.joining(", "));
	}

}
