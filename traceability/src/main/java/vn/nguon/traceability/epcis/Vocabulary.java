package vn.nguon.traceability.epcis;

/**
 * CBV 2.0 vocabulary values in their three spellings: the bare word of JSON-LD
 * ({@code shipping}), the URN ({@code urn:epcglobal:cbv:bizstep:shipping}) and the web URI
 * ({@code https://ref.gs1.org/cbv/BizStep-shipping}). The store and the queries use the bare word.
 */
public final class Vocabulary {

	private Vocabulary() {
	}

	/**
	 * @param value a CBV value in any spelling, or a URI of another vocabulary
	 * @param kind {@code BizStep}, {@code Disp}, {@code BTT}, {@code SDT} or {@code ER}
	 * @return the bare CBV word, or the value unchanged when it is not a CBV value
	 */
	public static String bare(String value, String kind) {
		if (value == null) {
			return null;
		}
		String urn = switch (kind) {
			case "BizStep" -> "urn:epcglobal:cbv:bizstep:";
			case "Disp" -> "urn:epcglobal:cbv:disp:";
			case "BTT" -> "urn:epcglobal:cbv:btt:";
			case "SDT" -> "urn:epcglobal:cbv:sdt:";
			default -> "urn:epcglobal:cbv:er:";
		};
		if (value.startsWith(urn)) {
			return value.substring(urn.length());
		}
		String web = "https://ref.gs1.org/cbv/" + kind + "-";
		if (value.startsWith(web)) {
			return value.substring(web.length());
		}
		String webAlt = "https://gs1.org/voc/" + kind + "-";
		if (value.startsWith(webAlt)) {
			return value.substring(webAlt.length());
		}
		return value;
	}

	public static String bizStep(String value) {
		return bare(value, "BizStep");
	}

	public static String disposition(String value) {
		return bare(value, "Disp");
	}

}
