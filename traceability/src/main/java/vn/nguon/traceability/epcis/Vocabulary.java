package vn.nguon.traceability.epcis;

/**
 * CBV 2.0 vocabulary values in their three spellings: the bare word of JSON-LD
 * ({@code shipping}), the URN ({@code urn:epcglobal:cbv:bizstep:shipping}) and the web URI
 * ({@code https://ref.gs1.org/cbv/BizStep-shipping}). The store and the queries use the bare word.
 */
public final class Vocabulary {

	/** CBV 2.0 business steps. */
	public static final java.util.Set<String> BIZ_STEPS = java.util.Set.of("accepting", "arriving", "assembling",
			"collecting", "commissioning", "consigning", "creating_class_instance", "cycle_counting", "decommissioning",
			"departing", "destroying", "disassembling", "dispensing", "encoding", "entering_exiting", "holding",
			"inspecting", "installing", "killing", "loading", "other", "packing", "picking", "receiving", "removing",
			"repackaging", "repairing", "replacing", "reserving", "retail_selling", "shipping", "staging_outbound",
			"stock_taking", "stocking", "storing", "transporting", "unloading", "unpacking", "void_shipping",
			"sensor_reporting", "sampling");

	/** CBV 2.0 dispositions. */
	public static final java.util.Set<String> DISPOSITIONS = java.util.Set.of("active", "container_closed", "damaged",
			"destroyed", "dispensed", "disposed", "encoded", "expired", "in_progress", "in_transit", "inactive",
			"no_pedigree_match", "non_sellable_other", "partially_dispensed", "recalled", "reserved", "retail_sold",
			"returned", "sellable_accessible", "sellable_not_accessible", "stolen", "unknown", "available",
			"completeness_verified", "completeness_inferred", "conformant", "container_open", "mismatch_instance",
			"mismatch_class", "mismatch_quantity", "needs_replacement", "non_conformant", "unavailable");

	/** CBV 2.0 business transaction types. */
	public static final java.util.Set<String> BIZ_TRANSACTION_TYPES = java.util.Set.of("bol", "cert", "desadv", "inv",
			"pedigree", "po", "poc", "prodorder", "recadv", "rma", "testprd", "testres", "upevt");

	/** CBV 2.0 source/destination types. */
	public static final java.util.Set<String> SOURCE_DESTINATION_TYPES = java.util.Set.of("owning_party",
			"possessing_party", "location");

	/** CBV 2.0 error reasons. */
	public static final java.util.Set<String> ERROR_REASONS = java.util.Set.of("did_not_occur", "incorrect_data");

	private static final java.util.regex.Pattern URI = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:\\S+");

	private static final java.util.regex.Pattern NS_CBV = java.util.regex.Pattern.compile("https?://ns\\.gs1\\.org/cbv/.*");

	private Vocabulary() {
	}

	/**
	 * Whether a value is acceptable in EPCIS 2.0 JSON-LD where a CBV vocabulary is expected: a bare
	 * word of the vocabulary, or a URI of another vocabulary (the CBV's own URN and ns.gs1.org
	 * spellings are not allowed in JSON-LD, as the EPCIS 2.0 JSON schema says).
	 * @param value the value
	 * @param words the bare words of the vocabulary
	 * @return whether it is acceptable
	 */
	public static boolean acceptable(String value, java.util.Set<String> words) {
		if (words.contains(value)) {
			return true;
		}
		return URI.matcher(value).matches() && !value.startsWith("urn:epcglobal:cbv")
				&& !NS_CBV.matcher(value).matches();
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
